package dev.anneal.jobs;

import dev.anneal.run.RunSpec;
import dev.anneal.training.TrainingPlan;
import java.util.UUID;

/** Translates a run's validated spec into the training module's plan. */
final class TrainingPlans {

    private TrainingPlans() {}

    static TrainingPlan of(UUID runId, RunSpec spec) {
        var d = spec.dataset();
        var m = spec.model();
        var o = spec.optimizer();
        var t = spec.training();
        return new TrainingPlan(
                runId,
                new TrainingPlan.Data(d.name().apiName(), d.valFraction(), d.limit(), augment(d.augment())),
                new TrainingPlan.Network(m.name().apiName(), m.hidden()),
                new TrainingPlan.Optimization(
                        o.name().apiName(), o.momentum(), o.nesterov(), o.weightDecay(), o.beta1(), o.beta2(), o.eps()),
                spec.schedule(),
                new TrainingPlan.Loop(
                        t.epochs(),
                        t.batchSize(),
                        t.gradAccumSteps(),
                        t.seed(),
                        t.device().apiName(),
                        t.gpus(),
                        t.evalEverySteps(),
                        t.checkpointEveryEpochs(),
                        t.gradClipNorm(),
                        t.swaFromEpoch()));
    }

    private static TrainingPlan.Augment augment(RunSpec.Augment augment) {
        return augment == null
                ? TrainingPlan.Augment.NONE
                : new TrainingPlan.Augment(augment.horizontalFlip(), augment.maxShift());
    }
}
