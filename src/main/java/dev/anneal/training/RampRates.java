package dev.anneal.training;

import dev.anneal.schedule.RangeRamp;
import dev.anneal.schedule.ScheduleState;
import java.util.Optional;

/**
 * The range test's ramp as the loop's rate source: step {@code i} at exactly {@link RangeRamp#rateAt}{@code (i)},
 * one step per batch, no cycles. A range test never resumes (its model is thrown away), so it keeps no state but
 * its position.
 */
final class RampRates implements RateSource {

    private final RangeRamp ramp;
    private long last = -1;

    private RampRates(RangeRamp ramp) {
        this.ramp = ramp;
    }

    /** The factory of a ramp: always from its first step. */
    static RateSource.Factory of(RangeRamp ramp) {
        return (saved, stepsPerEpoch) -> new RampRates(ramp);
    }

    @Override
    public RatePoint next(long step) {
        last = step;
        return point(step);
    }

    @Override
    public double rateAt(long step) {
        return ramp.rateAt(step);
    }

    @Override
    public Optional<RatePoint> last() {
        return last < 0 ? Optional.empty() : Optional.of(point(last));
    }

    @Override
    public ScheduleState state() {
        return new ScheduleState(last + 1, 0, 0, 0, null, 0, 0, false, null, null, null);
    }

    private RatePoint point(long step) {
        return new RatePoint(ramp.rateAt(step), 0, (double) step / (ramp.numSteps() - 1), Optional.empty());
    }
}
