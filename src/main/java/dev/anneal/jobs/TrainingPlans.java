package dev.anneal.jobs;

import dev.anneal.run.RunSpec;
import dev.anneal.training.TrainingPlan;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Translates a run's spec into the training module's plan. The two modules keep their own types (training knows
 * nothing of runs); where they meet, each enum maps to the other in an exhaustive switch, so a constant added on one
 * side and not the other fails to compile.
 */
final class TrainingPlans {

    private TrainingPlans() {}

    /**
     * The plan of run {@code runId}; {@code uploaded} gives what reads an uploaded dataset when training prepares
     * its data, {@code modules} the local file of an uploaded model.
     */
    static TrainingPlan of(
            UUID runId,
            RunSpec spec,
            Function<RunSpec.UploadedData, Supplier<TrainingPlan.Uploaded>> uploaded,
            Function<RunSpec.UploadedModel, Path> modules) {
        var d = spec.dataset();
        var m = spec.model();
        var o = spec.optimizer();
        var t = spec.training();
        return new TrainingPlan(
                runId,
                new TrainingPlan.Data(
                        d.uploaded() == null ? source(d.name()) : null,
                        d.valFraction(),
                        d.limit(),
                        augment(d.augment()),
                        d.uploaded() == null ? null : uploaded.apply(d.uploaded())),
                m.uploaded() == null
                        ? new TrainingPlan.Network(architecture(m.name()), m.hidden() == null ? List.of() : m.hidden())
                        : new TrainingPlan.Network(null, List.of(), modules.apply(m.uploaded())),
                new TrainingPlan.Optimization(
                        optimizer(o.name()),
                        o.momentum(),
                        o.nesterov(),
                        o.weightDecay(),
                        o.beta1(),
                        o.beta2(),
                        o.eps()),
                spec.schedule(),
                new TrainingPlan.Loop(
                        t.epochs(),
                        t.batchSize(),
                        t.gradAccumSteps(),
                        t.seed(),
                        device(t.device()),
                        t.gpus(),
                        t.evalEverySteps(),
                        t.checkpointEveryEpochs(),
                        t.gradClipNorm(),
                        t.swaFromEpoch(),
                        t.snapshots() == null ? null : t.snapshots().keep(),
                        t.evalAtCycleEnds()),
                spec.rangeTest());
    }

    private static TrainingPlan.DataSource source(RunSpec.DatasetName name) {
        return switch (name) {
            case FASHION_MNIST -> TrainingPlan.DataSource.FASHION_MNIST;
            case SYNTHETIC_SPIRALS -> TrainingPlan.DataSource.SYNTHETIC_SPIRALS;
            case SYNTHETIC_REGRESSION -> TrainingPlan.DataSource.SYNTHETIC_REGRESSION;
        };
    }

    private static TrainingPlan.Architecture architecture(RunSpec.ModelName name) {
        return switch (name) {
            case MLP -> TrainingPlan.Architecture.MLP;
            case CNN -> TrainingPlan.Architecture.CNN;
        };
    }

    private static TrainingPlan.OptimizerKind optimizer(RunSpec.OptimizerName name) {
        return switch (name) {
            case SGD -> TrainingPlan.OptimizerKind.SGD;
            case ADAMW -> TrainingPlan.OptimizerKind.ADAMW;
        };
    }

    private static TrainingPlan.DeviceChoice device(RunSpec.Device device) {
        return switch (device) {
            case AUTO -> TrainingPlan.DeviceChoice.AUTO;
            case CPU -> TrainingPlan.DeviceChoice.CPU;
            case GPU -> TrainingPlan.DeviceChoice.GPU;
        };
    }

    private static TrainingPlan.Augment augment(RunSpec.Augment augment) {
        return augment == null
                ? TrainingPlan.Augment.NONE
                : new TrainingPlan.Augment(augment.horizontalFlip(), augment.maxShift());
    }
}
