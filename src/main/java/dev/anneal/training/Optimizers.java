package dev.anneal.training;

import ai.djl.training.tracker.Tracker;

/** Builds the optimizer a plan names, taking its rate from {@code learningRate} at every update. */
final class Optimizers {

    private Optimizers() {}

    static StatefulOptimizer create(TrainingPlan.Optimization o, Tracker learningRate) {
        return switch (o.name()) {
            case SGD -> new SgdOptimizer(learningRate, (float) o.momentum(), o.nesterov(), (float) o.weightDecay());
            case ADAMW ->
                new AdamWOptimizer(
                        learningRate, (float) o.beta1(), (float) o.beta2(), (float) o.eps(), (float) o.weightDecay());
        };
    }
}
