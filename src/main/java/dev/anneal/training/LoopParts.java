package dev.anneal.training;

import dev.anneal.schedule.BaselineSchedule;
import dev.anneal.schedule.RateSchedule;
import dev.anneal.schedule.ScheduleConfig;
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
 * @param course how far the run goes, and what it keeps along the way
 */
record LoopParts(RateSource.Factory rates, List<StopRule> stopRules, List<TrainingListener> listeners, Course course) {

    LoopParts {
        stopRules = List.copyOf(stopRules);
        listeners = List.copyOf(listeners);
    }

    /** Parts of a run that trains the plan's epochs, evaluates and keeps checkpoints. */
    LoopParts(RateSource.Factory rates, List<StopRule> stopRules, List<TrainingListener> listeners) {
        this(rates, stopRules, listeners, Course.PLANNED);
    }

    /**
     * How far a run goes and what it keeps: a training run walks its plan's epochs, evaluating and checkpointing; a
     * range test takes its ramp's steps, whatever the epochs, and keeps nothing (its model is thrown away).
     *
     * @param maxSteps the most steps the run takes, however many epochs that is, or {@code null} for the plan's
     *     epochs
     * @param evaluates whether the run evaluates on the validation set as its plan says
     * @param keepsCheckpoints whether the run saves checkpoints and resumes from them; one that does not always
     *     starts afresh
     * @param loggedFrom the step the run's first step is stored at: 0, or where a range test's repeat begins, after
     *     the steps of the repeats before it
     */
    record Course(Long maxSteps, boolean evaluates, boolean keepsCheckpoints, long loggedFrom) {

        /** The plan's epochs, evaluated and checkpointed as it says. */
        static final Course PLANNED = new Course(null, true, true, 0);

        Course {
            if (maxSteps != null && maxSteps < 1) {
                throw new IllegalArgumentException("a run takes at least one step, not " + maxSteps);
            }
        }

        /** {@code steps} steps, stored from {@code loggedFrom}, neither evaluated nor checkpointed. */
        static Course probe(long steps, long loggedFrom) {
            return new Course(steps, false, false, loggedFrom);
        }
    }

    /** The parts of a plain training run: its schedule, and nothing more. */
    static LoopParts of(TrainingPlan plan) {
        return new LoopParts(rates(plan.schedule()), List.of(), List.of());
    }

    /** The rate source of a schedule: cosine annealing's own, or a baseline's closed form. */
    static RateSource.Factory rates(RateSchedule schedule) {
        if (schedule instanceof ScheduleConfig cosine) {
            return ScheduleRates.of(cosine);
        }
        return BaselineRates.of((BaselineSchedule) schedule);
    }
}
