package dev.anneal.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The running mean behind stochastic weight averaging, on arrays small enough to check by hand. */
class WeightAverageTests {

    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    private List<NDArray> weights(float... values) {
        return List.of(manager.create(new float[] {values[0], values[1]}), manager.create(new float[] {values[2]}));
    }

    @Test
    void shouldHoldTheEqualWeightMeanOfEverySetAdded() {
        try (var average = new WeightAverage(manager)) {
            average.add(weights(1, 2, 10));
            average.add(weights(3, 4, 20));
            average.add(weights(5, 9, 60));

            var model = weights(0, 0, 0);
            average.copyInto(model);

            assertThat(average.count()).isEqualTo(3);
            assertThat(model.get(0).toFloatArray()).containsExactly(3f, 5f);
            assertThat(model.get(1).toFloatArray()).containsExactly(30f);
        }
    }

    @Test
    void shouldKeepItsOwnCopyOfWeightsThatGoOnChanging() {
        try (var average = new WeightAverage(manager)) {
            var trained = weights(1, 2, 3);
            average.add(trained);
            trained.get(0).addi(100); // the optimizer updates parameters in place

            var model = weights(0, 0, 0);
            average.copyInto(model);

            assertThat(model.get(0).toFloatArray()).containsExactly(1f, 2f);
        }
    }

    @Test
    void shouldContinueFromAnEncodedAverageAsIfNeverInterrupted() {
        byte[] saved;
        try (var before = new WeightAverage(manager)) {
            before.add(weights(1, 2, 10));
            before.add(weights(3, 4, 20));
            saved = before.encode();
        }
        try (var resumed = new WeightAverage(manager)) {
            resumed.restore(saved, 2);
            resumed.add(weights(8, 0, 30));

            var model = weights(0, 0, 0);
            resumed.copyInto(model);

            assertThat(resumed.count()).isEqualTo(3);
            assertThat(model.get(0).toFloatArray()).containsExactly(4f, 2f);
            assertThat(model.get(1).toFloatArray()).containsExactly(20f);
        }
    }
}
