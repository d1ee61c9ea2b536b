package dev.anneal.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cosine annealing as {@link ScheduleConfig} draws it (PyTorch's {@code CosineAnnealingWarmRestarts} and
 * {@code CosineAnnealingLR}, with a linear warmup in front, cycle decay and a cycle limit), read off a series logged
 * from step 0:
 *
 * <ul>
 *   <li>warmup: the rise before the first peak, from the first rate;
 *   <li>restarts: every later rise; the first peak is {@code base_lr}, the next one over it the cycle decay;
 *   <li>{@code t_max} and {@code eta_min}: the first cycle's half cosine through two of its points, solved for both;
 *   <li>{@code t_mult} and the decay: the second cycle's length and peak, solved through its points from where the
 *       first cycle ends (which may fall between steps), over the first's;
 *   <li>a cycle limit when the rate ends held at its floor.
 * </ul>
 *
 * Lengths within a millionth of a whole number of steps are taken to be that number: a scheduler's settings are
 * whole numbers or short decimals, and the logged rates then reproduce to rounding.
 */
final class CosineFit implements ScheduleFit {

    /**
     * A last point at the lowest rate may be the floor held after the last cycle, reached at a step not logged (a
     * rate logged every few steps), or the curve's own last point: both readings are tried, the closer one kept.
     */
    @Override
    public Optional<RateSchedule> fit(RateSeries series) {
        var onTheCurve = fit(series, false);
        if (series.size() < 2 || series.last() > series.rate(series.size() - 2)) {
            return onTheCurve;
        }
        var held = fit(series, true);
        if (onTheCurve.isEmpty() || held.isEmpty()) {
            return onTheCurve.or(() -> held);
        }
        return series.maxRelativeDeviation(held.get().curve())
                        < series.maxRelativeDeviation(onTheCurve.get().curve())
                ? held
                : onTheCurve;
    }

    private Optional<RateSchedule> fit(RateSeries series, boolean lastHeld) {
        int n = series.size();
        if (n < 3 || series.step(0) != 0) {
            return Optional.empty();
        }
        int peak = 0;
        while (peak + 1 < n
                && series.rate(peak + 1) > series.rate(peak)
                && !RateSeries.same(series.rate(peak + 1), series.rate(peak))) {
            peak++;
        }
        double warmup = series.step(peak);
        double base = series.rate(peak);
        var starts = new ArrayList<Integer>(List.of(peak));
        for (int i = peak + 1; i < n; i++) {
            if (series.rate(i) > series.rate(i - 1) && !RateSeries.same(series.rate(i), series.rate(i - 1))) {
                starts.add(i);
            }
        }
        int held = lastHeld ? Math.min(SmoothFits.heldFrom(series), n - 1) : SmoothFits.heldFrom(series);
        boolean holds = (lastHeld || held < n - 1) && held > starts.get(starts.size() - 1);
        // the held rate is the floor, but the first step logged at it need not be where the curve reached it (a rate
        // logged every few steps): the curve is read from the points before it
        int firstEnd = starts.size() > 1 ? starts.get(1) : holds ? held : n;
        var first = HalfCosine.through(series, peak, firstEnd, base);
        if (first.isEmpty()) {
            return Optional.empty();
        }
        double tMax = first.get().length();
        double etaMin = first.get().floor();
        double tMult = 1;
        double decay = 1;
        if (starts.size() > 1) {
            // the second cycle starts where the first ends, which may fall between two logged steps: its peak and
            // length are read through its points from that position, the peak need not be one of them
            int second = starts.get(1);
            int secondEnd = starts.size() > 2 ? starts.get(2) : holds ? held : n;
            var next = HalfCosine.toFloor(series, second, secondEnd, warmup + tMax, etaMin);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            decay = SmoothFits.snapDecimal(next.get().peak() / base);
            tMult = SmoothFits.snapDecimal(SmoothFits.snap(next.get().length()) / tMax);
            if (!(tMult >= 1) || !(decay > 0 && decay <= 1)) {
                return Optional.empty();
            }
        }
        int cycleLimit = holds ? starts.size() : starts.size() == 1 ? 1 : 0;
        var config = ScheduleConfig.builder()
                .setBaseLr(base)
                .setTMax(tMax)
                .optEtaMin(etaMin)
                .optTMult(tMult)
                .optUnit(ScheduleUnit.STEP)
                .optWarmup(warmup)
                .optWarmupStartLr(warmup > 0 ? series.rate(0) : 0)
                .optCycleDecay(decay)
                .optCycleLimit(cycleLimit);
        return PiecewiseFits.valid(config::build);
    }
}
