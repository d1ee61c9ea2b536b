package dev.anneal.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;

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

    /**
     * Where the first cycle peaks: at {@code at} (a step, or between two), at {@code rate}; the first point past it
     * is at index {@code fallFrom}.
     */
    private record Apex(double at, double rate, int fallFrom) {}

    /**
     * The end of a warmup between two logged steps: the straight rise from the first rate, with the slope of the
     * points before the largest logged rate, meets the first cycle's half cosine where that half cosine, solved from
     * the cycle's points, also passes through the first point past the top. The largest logged rate is on one side of
     * the top or the other, so both are tried. Empty without two points on the rise (then there is no warmup to read).
     */
    private static Optional<Apex> warmupEnd(RateSeries series, int peak, int end) {
        if (peak < 2 || end - peak < 3) {
            return Optional.empty();
        }
        double start = series.rate(0);
        double slope = (series.rate(peak - 1) - start) / series.step(peak - 1);
        for (int fallFrom = peak; fallFrom <= peak + 1; fallFrom++) {
            int from = fallFrom;
            DoubleUnaryOperator miss = at -> {
                double top = start + slope * at;
                return HalfCosine.through(series, from, end, at, top)
                        .map(half -> half.rate(series.step(from) - at, top) - series.rate(from))
                        .orElse(Double.NaN);
            };
            double low = series.step(fallFrom - 1);
            double high = series.step(fallFrom);
            if (Math.abs(miss.applyAsDouble(high)) <= 1e-12 * series.rate(from)) {
                return Optional.of(new Apex(high, start + slope * high, from + (high == series.step(from) ? 1 : 0)));
            }
            if (!(Math.signum(miss.applyAsDouble(low)) * Math.signum(miss.applyAsDouble(high)) < 0)) {
                continue;
            }
            double at = SmoothFits.snap(HalfCosine.bisect(miss, low, high));
            return Optional.of(new Apex(at, start + slope * at, series.step(from) > at ? from : from + 1));
        }
        return Optional.empty();
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
        // the warmup's end, where the rate peaks, may fall between two logged steps; else it is the largest rate
        var apex = warmupEnd(series, peak, firstEnd).orElse(new Apex(series.step(peak), series.rate(peak), peak + 1));
        double warmup = apex.at();
        double base = apex.rate();
        var first = HalfCosine.through(series, apex.fallFrom(), firstEnd, warmup, base);
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
