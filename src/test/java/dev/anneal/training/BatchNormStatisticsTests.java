package dev.anneal.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Batch-norm statistics measured afresh, against means and variances computed by hand. */
class BatchNormStatisticsTests {

    @BeforeAll
    static void noRecording() {
        GradientTape.recordOnlyInTapes(); // forward passes in training mode, as at the end of a run
    }

    @Test
    void shouldSetTheRunningStatisticsToTheExampleWeightedMeanOfEveryBatchs() {
        // 1 500 one-channel 1×2 examples: a batch of 1 024 holding (1, 3) and a batch of 476 holding (5, 7)
        int count = 1500;
        float[] features = new float[count * 2];
        for (int i = 0; i < count; i++) {
            features[2 * i] = i < BatchNormStatistics.BATCH ? 1 : 5;
            features[2 * i + 1] = i < BatchNormStatistics.BATCH ? 3 : 7;
        }
        var examples = new Examples(features, new float[count], new long[] {1, 1, 2});

        try (Model model = Model.newInstance("statistics")) {
            model.setBlock(new SequentialBlock()
                    .add(BatchNorm.builder()
                            .optMomentum(Networks.BATCH_NORM_MOMENTUM)
                            .build()));
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()))) {
                trainer.initialize(new Shape(1, 1, 1, 2));
                running(trainer, Parameter.Type.RUNNING_MEAN).addi(100); // stale values play no part

                BatchNormStatistics.measure(trainer, examples, n -> new Shape(n, 1, 1, 2));

                // each batch's mean and unbiased variance: 2 and 2n/(2n-1), then 6 and the same form
                double mean = (1024 * 2.0 + 476 * 6.0) / count;
                double variance = (1024 * (2048.0 / 2047) + 476 * (952.0 / 951)) / count;
                assertThat(running(trainer, Parameter.Type.RUNNING_MEAN).getFloat())
                        .isCloseTo((float) mean, within(1e-4f));
                assertThat(running(trainer, Parameter.Type.RUNNING_VAR).getFloat())
                        .isCloseTo((float) variance, within(1e-4f));
            }
        }
    }

    private static ai.djl.ndarray.NDArray running(Trainer trainer, Parameter.Type type) {
        return trainer.getModel().getBlock().getParameters().values().stream()
                .filter(parameter -> parameter.getType() == type)
                .findFirst()
                .orElseThrow()
                .getArray();
    }
}
