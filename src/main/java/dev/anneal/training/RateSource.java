package dev.anneal.training;

import dev.anneal.schedule.ScheduleState;
import dev.anneal.schedule.ScheduleTransition;
import java.util.Optional;

/**
 * Where the training loop takes each step's learning rate from: the annealing schedule ({@link ScheduleRates}), or
 * another source such as the range test's ramp. Steps are counted from 0 and never go back.
 */
interface RateSource {

    /** The rate of optimizer step {@code step} (0-based), asked once, before the step, with what that step means. */
    RatePoint next(long step);

    /** The rate of {@code step} again: the optimizer asks once per parameter it updates. */
    double rateAt(long step);

    /** The point of the last step taken, asked again; empty before the first. */
    Optional<RatePoint> last();

    /** An evaluation just measured {@code result}; a source may change course on it (plateau restarts). */
    default void evaluated(Evaluation result) {}

    /**
     * What a checkpoint keeps of the source, given back when a resumed run creates it again; a source without
     * cycles keeps its position and nothing else.
     */
    ScheduleState state();

    /**
     * A step's rate and where it falls.
     *
     * @param lr the learning rate
     * @param place the cycle the step falls in and how far into it, or empty for a source without cycles (a
     *     baseline schedule), which then logs no cycle series
     * @param transition the change of course the source makes at this step, if any
     */
    record RatePoint(double lr, Optional<CyclePlace> place, Optional<ScheduleTransition> transition) {

        /** A step in cycle {@code cycle}, {@code cycleFraction} of the way through it. */
        RatePoint(double lr, long cycle, double cycleFraction, Optional<ScheduleTransition> transition) {
            this(lr, Optional.of(new CyclePlace(cycle, cycleFraction)), transition);
        }
    }

    /**
     * Where in its cycle a step falls.
     *
     * @param cycle the cycle's index, from 0
     * @param fraction how far into that cycle the step is, in {@code [0, 1]}
     */
    record CyclePlace(long cycle, double fraction) {}

    /** Creates a run's source: afresh, or from the state its checkpoint kept. */
    interface Factory {

        /** A source for a run of {@code stepsPerEpoch} steps an epoch, continuing {@code saved} when not null. */
        RateSource create(ScheduleState saved, int stepsPerEpoch);
    }
}
