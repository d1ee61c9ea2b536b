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
 *   <li>{@code t_mult}: the second cycle's length (between restarts, or through its last point) over the first's;
 *   <li>a cycle limit when the rate ends held at its floor.
 * </ul>
 *
 * Lengths within a millionth of a whole number of steps are taken to be that number: a scheduler's settings are
 * whole numbers or short decimals, and the logged rates then reproduce to rounding.
 */
final class CosineFit implements ScheduleFit {

    @Override
    public Optional<RateSchedule> fit(RateSeries series) {
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
        int held = SmoothFits.heldFrom(series);
        boolean holds = held < n - 1 && held > starts.get(starts.size() - 1);
        int firstEnd = starts.size() > 1 ? starts.get(1) : holds ? held + 1 : n;
        var first = HalfCosine.through(series, peak, firstEnd, base);
        if (first.isEmpty()) {
            return Optional.empty();
        }
        double tMax = first.get().length();
        double etaMin = first.get().floor();
        double tMult = 1;
        double decay = 1;
        if (starts.size() > 1) {
            int second = starts.get(1);
            double peak1 = series.rate(second);
            decay = clampDecay(peak1 / base);
            double length;
            if (starts.size() > 2) {
                length = series.step(starts.get(2)) - series.step(second);
            } else {
                int end = holds ? held : n - 1;
                length = HalfCosine.lengthThrough(
                        series.step(end) - series.step(second), series.rate(end), peak1, etaMin);
            }
            tMult = SmoothFits.snap(SmoothFits.snap(length) / tMax);
            if (!(tMult >= 1)) {
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

    private static double clampDecay(double decay) {
        return RateSeries.same(decay, 1) ? 1 : decay;
    }
}
