package dev.anneal.training;

import java.util.List;

/**
 * The parts a training loop is built from beyond those every run has (metrics, schedule events, best figures,
 * weight average, checkpoint cadence, cancellation): where its rates come from, what may stop it early, and what
 * else acts at its named points. A feature that changes how a run trains adds a part here, not a branch in the loop.
 *
 * @param rates the source of every step's rate: the plan's annealing schedule, or e.g. the range test's ramp
 * @param stopRules rules that may end the run before its last epoch, asked after every step
 * @param listeners parts called at the loop's named points, after the metrics, events and best figures, before
 *     the weight average and the checkpoint cadence
 * @param maxSteps the most steps the run takes, however many epochs that is (the range test's ramp), or
 *     {@code null} for the plan's epochs
 * @param keepsCheckpoints whether the run saves checkpoints and resumes from them; a run whose model is thrown
 *     away (the range test) writes none and always starts afresh
 * @param loggedFrom the step the run's first step is stored at: 0, or where a range test's repeat begins, after
 *     the steps of the repeats before it
 */
record LoopParts(
        RateSource.Factory rates,
        List<StopRule> stopRules,
        List<TrainingListener> listeners,
        Long maxSteps,
        boolean keepsCheckpoints,
        long loggedFrom) {

    LoopParts {
        stopRules = List.copyOf(stopRules);
        listeners = List.copyOf(listeners);
        if (maxSteps != null && maxSteps < 1) {
            throw new IllegalArgumentException("a run takes at least one step, not " + maxSteps);
        }
    }

    /** Parts of a run that trains the plan's epochs and keeps checkpoints. */
    LoopParts(RateSource.Factory rates, List<StopRule> stopRules, List<TrainingListener> listeners) {
        this(rates, stopRules, listeners, null, true, 0);
    }

    /** The parts of a plain training run: its schedule, and nothing more. */
    static LoopParts of(TrainingPlan plan) {
        return new LoopParts(ScheduleRates.of(plan.schedule()), List.of(), List.of());
    }
}
