package dev.anneal.training;

import dev.anneal.schedule.AnnealingScheduler;
import dev.anneal.schedule.ScheduleConfig;
import dev.anneal.schedule.SchedulePosition;
import dev.anneal.schedule.ScheduleState;
import dev.anneal.schedule.ScheduleTransition;
import dev.anneal.schedule.ScheduleUnit;
import java.util.Optional;

/**
 * The annealing schedule as the loop's rate source: counts steps in the schedule's unit, forwards the transitions
 * the schedule reports, and feeds it the watched metric of every evaluation for plateau restarts.
 */
final class ScheduleRates implements RateSource {

    private final AnnealingScheduler scheduler;
    private final int stepsPerEpoch;

    private ScheduleRates(AnnealingScheduler scheduler, int stepsPerEpoch) {
        this.scheduler = scheduler;
        this.stepsPerEpoch = stepsPerEpoch;
    }

    /** The factory of a plan's schedule. */
    static RateSource.Factory of(ScheduleConfig config) {
        return (saved, stepsPerEpoch) -> new ScheduleRates(
                saved == null ? AnnealingScheduler.start(config) : AnnealingScheduler.restore(config, saved),
                stepsPerEpoch);
    }

    @Override
    public RatePoint next(long step) {
        var taken = scheduler.step(position(step));
        return point(taken.position(), taken.transition());
    }

    @Override
    public Optional<RatePoint> last() {
        var state = scheduler.state();
        if (state.steppedPhase() == null) {
            return Optional.empty();
        }
        // the position of the last step again: a plateau restart pending since takes effect only at a later one
        return Optional.of(point(scheduler.positionAt(state.t()), Optional.empty()));
    }

    private static RatePoint point(SchedulePosition position, Optional<ScheduleTransition> transition) {
        return new RatePoint(position.lr(), position.cycle().index(), position.cycleFraction(), transition);
    }

    @Override
    public double rateAt(long step) {
        return scheduler.rateAt(position(step));
    }

    @Override
    public void evaluated(Evaluation result) {
        var watched = scheduler.config().plateauRestart();
        if (watched != null) {
            scheduler.observe(
                    switch (watched.metric()) {
                        case VAL_LOSS -> result.loss();
                        case VAL_ACC -> result.accuracy();
                    });
        }
    }

    @Override
    public ScheduleState state() {
        return scheduler.state();
    }

    /** The schedule position of the optimizer step with 0-based index {@code step}. */
    private double position(long step) {
        return scheduler.config().unit() == ScheduleUnit.EPOCH ? (double) step / stepsPerEpoch : step;
    }
}
