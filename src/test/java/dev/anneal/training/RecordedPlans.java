package dev.anneal.training;

import dev.anneal.schedule.PlateauRestartConfig;
import dev.anneal.schedule.ScheduleConfig;
import dev.anneal.schedule.ScheduleUnit;
import java.util.List;
import java.util.UUID;

/** The plans whose trajectories {@link RecordedTrajectoryTests} holds to the values recorded for them. */
final class RecordedPlans {

    private RecordedPlans() {}

    /** An MLP on spirals with SGD: warmup, growing and decaying cycles, plateau restarts, clipping, frequent evals. */
    static TrainingPlan spirals(UUID runId) {
        return new TrainingPlan(
                runId,
                new TrainingPlan.Data(TrainingPlan.DataSource.SYNTHETIC_SPIRALS, 0.2, 1000, TrainingPlan.Augment.NONE),
                new TrainingPlan.Network(TrainingPlan.Architecture.MLP, List.of(32, 32)),
                new TrainingPlan.Optimization(TrainingPlan.OptimizerKind.SGD, 0.9, true, 5e-4, 0.9, 0.999, 1e-8),
                ScheduleConfig.builder()
                        .setBaseLr(0.1)
                        .setTMax(0.6)
                        .optUnit(ScheduleUnit.EPOCH)
                        .optWarmup(0.4)
                        .optWarmupStartLr(0.01)
                        .optTMult(2)
                        .optCycleDecay(0.8)
                        .optEtaMin(0.001)
                        .optPlateauRestart(new PlateauRestartConfig(1, 0.0, PlateauRestartConfig.Metric.VAL_LOSS))
                        .build(),
                new TrainingPlan.Loop(3, 64, 1, 11, TrainingPlan.DeviceChoice.CPU, 1, 5, 1, 1.0, null));
    }

    /** An MLP on regression with AdamW: a step-unit schedule, accumulated gradients, the weight average. */
    static TrainingPlan regression(UUID runId) {
        return new TrainingPlan(
                runId,
                new TrainingPlan.Data(
                        TrainingPlan.DataSource.SYNTHETIC_REGRESSION, 0.2, 600, TrainingPlan.Augment.NONE),
                new TrainingPlan.Network(TrainingPlan.Architecture.MLP, List.of(16)),
                new TrainingPlan.Optimization(TrainingPlan.OptimizerKind.ADAMW, 0.0, false, 1e-2, 0.9, 0.99, 1e-7),
                ScheduleConfig.builder()
                        .setBaseLr(0.01)
                        .setTMax(4)
                        .optUnit(ScheduleUnit.STEP)
                        .optTMult(1.5)
                        .build(),
                new TrainingPlan.Loop(3, 40, 2, 5, TrainingPlan.DeviceChoice.CPU, 1, null, 1, null, 2));
    }

    /** The CNN on a slice of Fashion-MNIST with flips and shifts, watching accuracy for plateaus. */
    static TrainingPlan fashionCnn(UUID runId) {
        return new TrainingPlan(
                runId,
                new TrainingPlan.Data(
                        TrainingPlan.DataSource.FASHION_MNIST, 0.2, 250, new TrainingPlan.Augment(true, 2)),
                new TrainingPlan.Network(TrainingPlan.Architecture.CNN, List.of()),
                new TrainingPlan.Optimization(TrainingPlan.OptimizerKind.SGD, 0.9, false, 5e-4, 0.9, 0.999, 1e-8),
                ScheduleConfig.builder()
                        .setBaseLr(0.05)
                        .setTMax(1)
                        .optUnit(ScheduleUnit.EPOCH)
                        .optPlateauRestart(new PlateauRestartConfig(1, 0.01, PlateauRestartConfig.Metric.VAL_ACC))
                        .build(),
                new TrainingPlan.Loop(2, 50, 1, 3, TrainingPlan.DeviceChoice.CPU, 1, 2, 1, null, null));
    }
}
