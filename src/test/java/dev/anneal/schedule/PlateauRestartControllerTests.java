package dev.anneal.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlateauRestartControllerTests {

    @Test
    void shouldRestartAfterPatienceEvaluationsWithoutImprovement() {
        var controller =
                new PlateauRestartController(new PlateauRestartConfig(3, 0.01, PlateauRestartConfig.Metric.VAL_LOSS));

        assertThat(controller.observe(1.0)).isEmpty();
        assertThat(controller.observe(0.995)).isEmpty(); // better, but not by more than min_delta
        assertThat(controller.observe(0.999)).isEmpty();

        assertThat(controller.observe(0.991))
                .hasValue("val_loss did not improve by more than 0.01 for 3 evaluations (best 1)");
        assertThat(controller.snapshot()).isEqualTo(new PlateauRestartController.Snapshot(null, 0));
    }

    @Test
    void shouldResetPatienceOnImprovement() {
        var controller =
                new PlateauRestartController(new PlateauRestartConfig(2, 0.0, PlateauRestartConfig.Metric.VAL_LOSS));

        controller.observe(1.0);
        controller.observe(1.1);
        controller.observe(0.9);

        assertThat(controller.snapshot()).isEqualTo(new PlateauRestartController.Snapshot(0.9, 0));
        assertThat(controller.observe(0.95)).isEmpty();
    }

    @Test
    void shouldTreatHigherAccuracyAsImprovement() {
        var controller =
                new PlateauRestartController(new PlateauRestartConfig(1, 0.0, PlateauRestartConfig.Metric.VAL_ACC));

        controller.observe(0.80);
        assertThat(controller.observe(0.85)).isEmpty();
        assertThat(controller.observe(0.84)).isPresent();
    }

    @Test
    void shouldNeverCountADivergedLossAsImprovement() {
        var controller =
                new PlateauRestartController(new PlateauRestartConfig(2, 0.0, PlateauRestartConfig.Metric.VAL_LOSS));

        controller.observe(1.0);
        controller.observe(Double.NaN);

        assertThat(controller.observe(Double.POSITIVE_INFINITY)).isPresent();
    }

    @Test
    void shouldContinueFromASnapshot() {
        var config = new PlateauRestartConfig(3, 0.0, PlateauRestartConfig.Metric.VAL_LOSS);
        var controller = new PlateauRestartController(config);
        controller.observe(0.5);
        controller.observe(0.6);

        var restored = new PlateauRestartController(config, controller.snapshot());

        assertThat(restored.observe(0.7)).isEmpty();
        assertThat(restored.observe(0.7)).isPresent();
    }
}
