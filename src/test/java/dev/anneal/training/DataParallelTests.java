package dev.anneal.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Data-parallel training without GPUs: copies of the model on the CPU go through exactly the code a multi-GPU run
 * does (shards, summed gradients, one optimizer step, weights copied back out), and must train as one copy on the
 * whole batch does.
 */
class DataParallelTests {

    private static final Examples SPIRALS = SyntheticData.spirals(96, 3);

    @BeforeAll
    static void offline() {
        System.setProperty("ai.djl.offline", "true");
    }

    /** {@code steps} steps of Nesterov SGD with weight decay on the same batches; every copy's weights afterwards. */
    private static List<float[][]> train(int copies, int steps) {
        Engine.getInstance().setRandomSeed(11);
        var devices = new Device[copies];
        Arrays.fill(devices, Device.cpu());
        var sgd = new SgdOptimizer(Tracker.fixed(0.05f), 0.9f, true, 5e-4f);
        try (var replicas = new Replicas(
                "dp",
                devices,
                manager -> Networks.mlp(List.of(16, 16), SyntheticData.SPIRAL_ARMS),
                Loss.softmaxCrossEntropyLoss(),
                new Shape(1, 2))) {
            for (int step = 0; step < steps; step++) {
                try (NDScope arrays = new NDScope()) {
                    var batch = SPIRALS.slice(step * 32, step * 32 + 32);
                    try (GradientCollector collector = new GradientTape()) {
                        replicas.backward(collector, batch, 1.0, n -> new Shape(n, 2), DataParallelTests::labels);
                    }
                    sgd.update(replicas.learning().weights(), replicas.takeGradient());
                    replicas.broadcast();
                }
            }
            return IntStream.range(0, copies)
                    .mapToObj(i -> weights(replicas, i))
                    .toList();
        }
    }

    private static NDArray labels(NDManager manager, Examples batch) {
        return manager.create(batch.targets());
    }

    private static float[][] weights(Replicas replicas, int copy) {
        return replicas.weights(copy).stream().map(NDArray::toFloatArray).toArray(float[][]::new);
    }

    @Test
    void shouldTrainTwoCopiesOnShardsAsOneCopyOnTheWholeBatch() {
        float[][] single = train(1, 3).get(0);
        var both = train(2, 3);

        for (int copy = 0; copy < 2; copy++) {
            float[][] weights = both.get(copy);
            assertThat(weights).hasSameDimensionsAs(single);
            for (int p = 0; p < single.length; p++) {
                // the same sums in another order: equal to float rounding
                assertThat(weights[p]).containsExactly(single[p], within(1e-5f));
            }
        }
        // and the copies did move: three steps changed the initial weights
        assertThat(both.get(0)[0]).isNotEqualTo(train(1, 0).get(0)[0]);
    }

    @Test
    void shouldLeaseEachGpuToOneRunAtATime() throws Exception {
        var pool = new GpuPool(2);
        var first = pool.lease(TrainingPlan.DeviceChoice.GPU, 1, () -> false).orElseThrow();
        var second = pool.lease(TrainingPlan.DeviceChoice.AUTO, 1, () -> false).orElseThrow();
        assertThat(first.devices()).containsExactly(Device.gpu(0));
        assertThat(second.devices()).containsExactly(Device.gpu(1));

        // a run wanting both waits until both are free
        var both = CompletableFuture.supplyAsync(
                () -> pool.lease(TrainingPlan.DeviceChoice.GPU, 2, () -> false).orElseThrow());
        Thread.sleep(300);
        assertThat(both).isNotDone();
        first.close();
        Thread.sleep(300);
        assertThat(both).isNotDone();
        second.close();
        assertThat(both.get(10, TimeUnit.SECONDS).devices()).containsExactly(Device.gpu(0), Device.gpu(1));
    }

    @Test
    void shouldStopWaitingWhenTheRunIsCancelled() throws Exception {
        var pool = new GpuPool(1);
        var held = pool.lease(TrainingPlan.DeviceChoice.GPU, 1, () -> false).orElseThrow();
        var cancelled = new AtomicBoolean();
        var waiting = CompletableFuture.supplyAsync(() -> pool.lease(TrainingPlan.DeviceChoice.GPU, 1, cancelled::get));
        cancelled.set(true);
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isEmpty();
        held.close();
    }

    @Test
    void shouldNameWhatCannotBeMet() {
        assertThat(new GpuPool(0)
                        .lease(TrainingPlan.DeviceChoice.AUTO, 4, () -> false)
                        .orElseThrow()
                        .devices())
                .containsExactly(Device.cpu());
        assertThat(new GpuPool(2)
                        .lease(TrainingPlan.DeviceChoice.CPU, 1, () -> false)
                        .orElseThrow()
                        .devices())
                .containsExactly(Device.cpu());
        assertThatThrownBy(() -> new GpuPool(0).lease(TrainingPlan.DeviceChoice.GPU, 1, () -> false))
                .isInstanceOf(TrainingException.class)
                .hasMessage("device gpu was requested, but the PyTorch engine sees no GPU");
        assertThatThrownBy(() -> new GpuPool(2).lease(TrainingPlan.DeviceChoice.GPU, 4, () -> false))
                .isInstanceOf(TrainingException.class)
                .hasMessage("training.gpus asks for 4 GPUs, but the PyTorch engine sees 2");
    }
}
