package dev.anneal.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.tracker.Tracker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Our optimizers against updates computed by hand, as PyTorch's SGD and AdamW define them. */
class OptimizerTests {

    private final NDManager manager = NDManager.newBaseManager();

    @BeforeAll
    static void offline() {
        System.setProperty("ai.djl.offline", "true");
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private float[] step(StatefulOptimizer optimizer, NDArray weight, float... gradient) {
        NDArray grad = manager.create(gradient);
        optimizer.update(weight, grad);
        return weight.toFloatArray();
    }

    @Test
    void shouldTakeNesterovSgdStepsWithL2WeightDecay() {
        var sgd = new SgdOptimizer(Tracker.fixed(0.1f), 0.9f, true, 0.01f);
        NDArray weight = manager.create(new float[] {1f, -2f});

        // g' = g + 0.01 w = [0.51, 0.23]; b = g'; w -= 0.1 (g' + 0.9 b) = 0.1 [0.969, 0.437]
        assertThat(step(sgd, weight, 0.5f, 0.25f)).containsExactly(new float[] {0.9031f, -2.0437f}, within(1e-6f));
        // g' = [-0.090969, 0.279563]; b = 0.9 [0.51, 0.23] + g' = [0.368031, 0.486563]; w -= 0.1 (g' + 0.9 b)
        assertThat(step(sgd, weight, -0.1f, 0.3f))
                .containsExactly(new float[] {0.87907411f, -2.11544697f}, within(1e-6f));
    }

    @Test
    void shouldTakePlainMomentumStepsWithoutNesterov() {
        var sgd = new SgdOptimizer(Tracker.fixed(0.5f), 0.5f, false, 0f);
        NDArray weight = manager.create(new float[] {2f});

        assertThat(step(sgd, weight, 1f)).containsExactly(new float[] {1.5f}, within(1e-6f)); // b = 1
        assertThat(step(sgd, weight, 1f)).containsExactly(new float[] {0.75f}, within(1e-6f)); // b = 1.5
    }

    @Test
    void shouldTakeAdamWStepsWithDecoupledWeightDecay() {
        var adamw = new AdamWOptimizer(Tracker.fixed(0.1f), 0.9f, 0.999f, 1e-8f, 0.01f);
        NDArray weight = manager.create(new float[] {1f, -2f});

        // w *= 1 - 0.1 * 0.01; the bias-corrected first step is lr * g / |g| = 0.1 in each coordinate
        assertThat(step(adamw, weight, 0.5f, 0.25f)).containsExactly(new float[] {0.899f, -2.098f}, within(1e-6f));
        // m = [0.035, 0.0525], v = [0.00025975, 0.0000714375]; corrections 0.19 and 0.001999
        double m1 = 0.9 * 0.05 + 0.1 * -0.1;
        double v1 = 0.999 * 0.00025 + 0.001 * 0.01;
        double expected = 0.899 * (1 - 0.001) - 0.1 * (m1 / 0.19) / (Math.sqrt(v1 / 0.001999) + 1e-8);
        assertThat(step(adamw, weight, -0.1f, 0.3f)[0]).isCloseTo((float) expected, within(1e-6f));
    }

    @Test
    void shouldContinueExactlyFromASnapshot() {
        var gradients = List.of(new float[] {0.3f, -0.2f}, new float[] {0.1f, 0.4f}, new float[] {-0.5f, 0.2f});
        var straight = new AdamWOptimizer(Tracker.fixed(0.05f), 0.9f, 0.999f, 1e-8f, 0.01f);
        NDArray straightWeight = manager.create(new float[] {1f, 1f});
        gradients.forEach(g -> step(straight, straightWeight, g));

        var first = new AdamWOptimizer(Tracker.fixed(0.05f), 0.9f, 0.999f, 1e-8f, 0.01f);
        NDArray weight = manager.create(new float[] {1f, 1f});
        step(first, weight, gradients.get(0));
        var restored = new AdamWOptimizer(Tracker.fixed(0.05f), 0.9f, 0.999f, 1e-8f, 0.01f);
        var layout = List.of(new FlatParameters.Stretch("w", 0, 2, new Shape(2)));
        restored.restore(first.snapshot(layout), layout, weight);
        step(restored, weight, gradients.get(1));
        step(restored, weight, gradients.get(2));

        assertThat(weight.toFloatArray()).containsExactly(straightWeight.toFloatArray());
    }

    @Test
    void shouldFileItsStateUnderEachParameterAsCheckpointsAlwaysHave() {
        // a checkpoint holds one buffer per parameter, by name, however the weights are laid out in memory
        var layout = List.of(
                new FlatParameters.Stretch("a", 0, 2, new Shape(2, 1)),
                new FlatParameters.Stretch("b", 2, 3, new Shape(1)));
        NDArray a = manager.create(new float[] {0.5f, -1f}, new Shape(2, 1));
        a.setName("a/momentum");
        NDArray b = manager.create(new float[] {2f});
        b.setName("b/momentum");
        var saved = new StatefulOptimizer.Snapshot(Map.of("a", 4L, "b", 4L), new NDList(a, b).encode());
        var sgd = new SgdOptimizer(Tracker.fixed(0.1f), 0.5f, false, 0f);
        NDArray weights = manager.create(new float[] {1f, 1f, 1f});

        sgd.restore(saved, layout, weights);
        // momentum 0.5 b + g with g = 1 is [1.25, 0.5 | 2]; w -= 0.1 of it
        sgd.update(weights, manager.create(new float[] {1f, 1f, 1f}));

        assertThat(weights.toFloatArray()).containsExactly(new float[] {0.875f, 0.95f, 0.8f}, within(1e-6f));
        var snapshot = sgd.snapshot(layout);
        assertThat(snapshot.updates()).isEqualTo(Map.of("a", 5L, "b", 5L));
        var buffers = NDList.decode(manager, snapshot.buffers());
        assertThat(buffers).extracting(NDArray::getName).containsExactly("a/momentum", "b/momentum");
        assertThat(buffers.get(0).getShape()).isEqualTo(new Shape(2, 1));
        assertThat(buffers.get(0).toFloatArray()).containsExactly(1.25f, 0.5f);
        assertThat(buffers.get(1).toFloatArray()).containsExactly(2f);
    }

    @Test
    void shouldAskTheScheduleForTheRateAtTheZeroBasedPosition() {
        var config = dev.anneal.schedule.ScheduleConfig.builder()
                .setBaseLr(0.1)
                .setTMax(1)
                .optUnit(dev.anneal.schedule.ScheduleUnit.EPOCH)
                .optTMult(2)
                .build();
        var tracker = new ScheduleTracker(ScheduleRates.of(config).create(null, 4));
        var schedule = dev.anneal.schedule.CosineWarmRestarts.of(config);

        assertThat(tracker.getNewValue(1)).isEqualTo((float) schedule.rate(0)); // DJL's first update is position 0
        assertThat(tracker.getNewValue(3)).isEqualTo((float) schedule.rate(0.5));
        assertThat(tracker.getNewValue(5)).isEqualTo(0.1f); // step 4 = epoch 1: the first restart
    }
}
