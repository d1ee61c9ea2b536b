package dev.anneal.training;

import dev.anneal.schedule.BaselineSchedule;
import dev.anneal.schedule.ScheduleState;
import dev.anneal.schedule.ScheduleTransition;
import dev.anneal.schedule.ScheduleUnit;
import java.util.Optional;

/**
 * A baseline schedule (step, multistep, exponential, linear, one-cycle, constant) as the loop's rate source. A
 * baseline is a closed form of its position with no cycles, so the source keeps nothing but the last step: a resumed
 * run gives every step the rate an uninterrupted one would. The end of a warmup prefix is its one transition.
 */
final class BaselineRates implements RateSource {

    private final BaselineSchedule schedule;
    private final int stepsPerEpoch;
    private long last;

    private BaselineRates(BaselineSchedule schedule, int stepsPerEpoch, long last) {
        this.schedule = schedule;
        this.stepsPerEpoch = stepsPerEpoch;
        this.last = last;
    }

    /** The factory of a plan's baseline schedule. */
    static RateSource.Factory of(BaselineSchedule schedule) {
        return (saved, stepsPerEpoch) -> new BaselineRates(
                schedule,
                stepsPerEpoch,
                saved == null || saved.steppedCycle() == null ? -1 : lastStep(saved, schedule, stepsPerEpoch));
    }

    /** The step whose position a checkpoint kept. */
    private static long lastStep(ScheduleState saved, BaselineSchedule schedule, int stepsPerEpoch) {
        return schedule.unit() == ScheduleUnit.EPOCH ? Math.round(saved.t() * stepsPerEpoch) : Math.round(saved.t());
    }

    @Override
    public RatePoint next(long step) {
        last = step;
        boolean warmupEnds = schedule.warmup() > 0
                && step > 0
                && position(step - 1) < schedule.warmup()
                && position(step) >= schedule.warmup();
        return new RatePoint(
                rateAt(step),
                Optional.empty(),
                warmupEnds
                        ? Optional.of(new ScheduleTransition(ScheduleTransition.Kind.WARMUP_END, 0, 0, null))
                        : Optional.empty());
    }

    @Override
    public double rateAt(long step) {
        return schedule.rate(position(step));
    }

    @Override
    public Optional<RatePoint> last() {
        return last < 0
                ? Optional.empty()
                : Optional.of(new RatePoint(rateAt(last), Optional.empty(), Optional.empty()));
    }

    @Override
    public ScheduleState state() {
        // steppedCycle marks that a step was taken; a baseline's only cycle is 0
        return new ScheduleState(
                last < 0 ? 0 : position(last), 0, 0, 0, null, 0, 0, false, null, null, last < 0 ? null : 0L);
    }

    /** The schedule position of the optimizer step with 0-based index {@code step}. */
    private double position(long step) {
        return schedule.unit() == ScheduleUnit.EPOCH ? (double) step / stepsPerEpoch : step;
    }
}
