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
        var first = firstCycle(series, peak, firstEnd, warmup, base);
        if (first.isEmpty()) {
            return Optional.empty();
        }
        double tMax = first.get()[0];
        double etaMin = first.get()[1];
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
                length = lengthThrough(series.step(end) - series.step(second), series.rate(end), peak1, etaMin);
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

    /**
     * The first cycle's length and floor, from its peak ({@code base} at index {@code peak}) and its points before
     * index {@code end}: the length of the half cosine through a point near its middle and its last point, and the
     * floor that fits all its points best.
     */
    private static Optional<double[]> firstCycle(RateSeries series, int peak, int end, double warmup, double base) {
        if (end - peak < 3) {
            return Optional.empty();
        }
        int last = end - 1;
        int middle = peak + (last - peak + 1) / 2;
        double u1 = series.step(middle) - warmup;
        double r1 = series.rate(middle);
        double u2 = series.step(last) - warmup;
        double r2 = series.rate(last);
        if (u1 == u2) {
            return Optional.empty();
        }
        double low = u2;
        double high = 2 * u2;
        while (Math.signum(miss(low, u1, r1, u2, r2, base)) == Math.signum(miss(high, u1, r1, u2, r2, base))) {
            low = high;
            high *= 2;
            if (high > 1e12) {
                return Optional.empty();
            }
        }
        for (int i = 0; i < 200 && high - low > Math.ulp(high); i++) {
            double mid = (low + high) / 2;
            if (Math.signum(miss(mid, u1, r1, u2, r2, base)) == Math.signum(miss(low, u1, r1, u2, r2, base))) {
                low = mid;
            } else {
                high = mid;
            }
        }
        double tMax = SmoothFits.snap((low + high) / 2);
        // the floor by least squares over the whole cycle: one noisy point would carry its noise into every cycle
        double along = 0;
        double squares = 0;
        for (int i = peak + 1; i < end; i++) {
            double c = share(series.step(i) - warmup, tMax);
            along += (1 - c) * (series.rate(i) - base * c);
            squares += (1 - c) * (1 - c);
        }
        double etaMin = along / squares;
        // a floor of 0 comes out a hair either side of it; below 0 by rounding, it is 0 all the same
        if (Math.abs(etaMin) <= 1e-12 * base || (etaMin < 0 && etaMin >= -1e-6 * base)) {
            etaMin = 0;
        }
        return Optional.of(new double[] {tMax, etaMin});
    }

    /** How far the half cosine of length {@code t} through {@code (u1, r1)} passes from {@code (u2, r2)}. */
    private static double miss(double t, double u1, double r1, double u2, double r2, double base) {
        double eta = floorThrough(t, u1, r1, base);
        return eta + (base - eta) * share(u2, t) - r2;
    }

    /** The floor of the half cosine of length {@code t} from {@code base} through {@code (u, r)}. */
    private static double floorThrough(double t, double u, double r, double base) {
        double c = share(u, t);
        return (r - base * c) / (1 - c);
    }

    /** How much of the way from the floor to the peak a cycle of length {@code t} still is at {@code u}. */
    private static double share(double u, double t) {
        return (1 + Math.cos(Math.PI * u / t)) / 2;
    }

    /** The length of a cycle from {@code peak} to {@code floor} that is at {@code rate} {@code u} into it. */
    private static double lengthThrough(double u, double rate, double peak, double floor) {
        double c = (rate - floor) / (peak - floor);
        return Math.PI * u / Math.acos(Math.max(-1, Math.min(1, 2 * c - 1)));
    }

    private static double clampDecay(double decay) {
        return RateSeries.same(decay, 1) ? 1 : decay;
    }
}
