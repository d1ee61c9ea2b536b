package dev.anneal.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The optimizers' cache of scalar arrays: reused, outliving the update's scope, and bounded. */
class ScalarsTests {

    private final NDManager manager = NDManager.newBaseManager();
    private final NDArray like = manager.create(new float[] {1, 2, 3});
    private final Scalars scalars = new Scalars();

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void shouldHandOutOneFloatScalarPerValue() {
        NDArray first = scalars.of(0.9f, like);

        assertThat(scalars.of(0.9f, like)).isSameAs(first);
        assertThat(first.getDataType()).isEqualTo(DataType.FLOAT32);
        assertThat(first.getShape().isScalar()).isTrue();
        assertThat(first.getFloat()).isEqualTo(0.9f);
        assertThat(like.mul(first).toFloatArray()).containsExactly(0.9f, 1.8f, 0.9f * 3);
    }

    @Test
    void shouldKeepAScalarPastTheScopeOfTheUpdateThatCreatedIt() {
        NDArray scalar;
        try (NDScope update = new NDScope()) {
            scalar = scalars.of(0.5f, like);
        }

        assertThat(scalar.isReleased()).isFalse();
        assertThat(scalars.of(0.5f, like)).isSameAs(scalar);
    }

    @Test
    void shouldFreeTheLeastRecentlyUsedScalarsAsRatesChange() {
        NDArray momentum = scalars.of(0.9f, like);
        NDArray firstRate = scalars.of(0.1f, like);
        for (int step = 1; step <= 20; step++) {
            scalars.of(0.9f, like); // a constant, used every step
            scalars.of(0.1f / (step + 1), like); // a rate, new every step
        }

        assertThat(firstRate.isReleased()).as("an old rate is freed").isTrue();
        assertThat(momentum.isReleased()).as("a constant in use stays").isFalse();
        assertThat(scalars.of(0.9f, like)).isSameAs(momentum);
    }
}
