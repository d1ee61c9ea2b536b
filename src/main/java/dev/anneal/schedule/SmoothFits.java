package dev.anneal.schedule;

import java.util.Optional;

/**
 * The schedules that move the rate every step along a formula: {@code ExponentialLR}, {@code LinearLR} (a straight
 * line, then held) and {@code OneCycleLR} (up to a peak, then down, along half cosines or straight lines).
 */
final class SmoothFits {

    private SmoothFits() {}

    /** {@code ExponentialLR}: {@code base · gamma^t}, gamma read off the first and last rates. */
    static final ScheduleFit EXPONENTIAL = series -> {
        int last = series.size() - 1;
        if (last < 1 || series.rate(0) <= 0 || series.last() <= 0) {
            return Optional.empty();
        }
        double gamma = Math.exp(Math.log(series.last() / series.rate(0)) / (series.step(last) - series.step(0)));
        double base = series.rate(0) / Math.pow(gamma, series.step(0));
        return PiecewiseFits.valid(() -> BaselineSchedule.Exponential.of(base, gamma, ScheduleUnit.STEP, 0, 0));
    };

    /**
     * {@code LinearLR}: a straight line from the first rate until the rate stops changing, held after. The base rate
     * and the two factors are one product each, so the larger end is taken as the base rate (factor 1).
     */
    static final ScheduleFit LINEAR = series -> {
        int held = heldFrom(series);
        if (held < 1 || series.size() < 2) {
            return Optional.empty();
        }
        // the slope from the first two points, only to find where the line ends; the ends themselves are read exactly
        double slope = (series.rate(1) - series.rate(0)) / (series.step(1) - series.step(0));
        double atZero = series.rate(0) - slope * series.step(0);
        double end = series.rate(held);
        double total = held == series.size() - 1 && !RateSeries.same(end, series.rate(held - 1))
                ? series.step(held) // still moving at the last step: the run ended on the line
                : snap(series.step(0) + (end - series.rate(0)) / slope);
        if (!(total > 0) || atZero <= 0) {
            return Optional.empty();
        }
        double base = Math.max(atZero, end);
        return PiecewiseFits.valid(
                () -> BaselineSchedule.Linear.of(base, atZero / base, end / base, total, ScheduleUnit.STEP, 0, 0));
    };

    /**
     * {@code OneCycleLR} logged from its first step: the peak is the largest rate, the first rate is the peak over
     * {@code div_factor}. The second phase gives the rest: along a half cosine, its length and floor solved from its
     * points, so a run stopped before the end is read too; along a straight line, the end is where the rate comes to
     * rest, or the last logged point (a line cut short is the same line, ending earlier). Each way of annealing is
     * tried; {@link ScheduleInference} keeps whichever reproduces the series.
     */
    static ScheduleFit oneCycle(BaselineSchedule.OneCycle.Anneal anneal) {
        return series -> {
            int peak = 0;
            for (int i = 1; i < series.size(); i++) {
                if (series.rate(i) > series.rate(peak)) {
                    peak = i;
                }
            }
            if (series.step(0) != 0 || peak == 0 || peak == series.size() - 1 || series.rate(0) <= 0) {
                return Optional.empty();
            }
            // the top may fall between two logged steps: it is solved from the rise when the rise has the points
            double first = series.rate(0);
            int held = heldFrom(series);
            boolean rests = held > peak && held < series.size() - 1;
            int fallEnd = rests ? held : series.size();
            double[] top = anneal == BaselineSchedule.OneCycle.Anneal.COS
                    ? HalfCosine.rise(series, peak, first).orElse(null)
                    : linesMeet(series, peak, fallEnd, first);
            double peakAt = top != null ? top[0] : series.step(peak);
            double max = top != null ? top[1] : series.rate(peak);
            if (peakAt < series.step(peak - 1) || peakAt > series.step(peak + 1)) {
                return Optional.empty(); // the top is next to the largest logged rate, or this is no one-cycle
            }
            int fallFrom = series.step(peak) > peakAt ? peak : peak + 1;
            double end;
            double floor;
            if (anneal == BaselineSchedule.OneCycle.Anneal.COS) {
                // as with cosine's cycles, a rate come to rest is read from the points before it
                var fall = HalfCosine.through(series, fallFrom, fallEnd, peakAt, max);
                if (fall.isEmpty()) {
                    return Optional.empty();
                }
                end = peakAt + fall.get().length();
                floor = fall.get().floor();
            } else {
                int last = held > peak ? held : series.size() - 1;
                end = series.step(last);
                floor = series.rate(last);
            }
            if (floor <= 0) {
                return Optional.empty();
            }
            double total = end + 1;
            return PiecewiseFits.valid(() -> BaselineSchedule.OneCycle.of(
                    max, total, (peakAt + 1) / total, max / first, first / floor, anneal, ScheduleUnit.STEP));
        };
    }

    /**
     * Where the straight rise from {@code first} at step 0 through the last point before index {@code peak} meets the
     * straight fall through the points after it (before index {@code end}): one-cycle's top, which need not be a
     * logged step. Null without a point on the rise or two on the fall.
     */
    private static double[] linesMeet(RateSeries series, int peak, int end, double first) {
        if (peak < 2 || end - peak < 3) {
            return null;
        }
        double up = (series.rate(peak - 1) - first) / series.step(peak - 1);
        int a = peak + 1;
        int b = end - 1;
        double down = (series.rate(b) - series.rate(a)) / (series.step(b) - series.step(a));
        if (!(up > down)) {
            return null;
        }
        double at = snap((series.rate(a) - down * series.step(a) - first) / (up - down));
        return new double[] {at, first + up * at};
    }

    /** The index from which every logged rate is the last one: the size − 1 when the last two differ. */
    static int heldFrom(RateSeries series) {
        int from = series.size() - 1;
        while (from > 0 && RateSeries.same(series.rate(from - 1), series.last())) {
            from--;
        }
        return from;
    }

    /** {@code value} rounded to six decimals when it has no more but for rounding (a decay of 0.8, a growth of 1.5). */
    static double snapDecimal(double value) {
        double decimal = Math.rint(value * 1e6) / 1e6;
        return Math.abs(value - decimal) <= 1e-9 * Math.abs(value) ? decimal : value;
    }

    /** {@code value} rounded to a whole number when it is one but for rounding. */
    static double snap(double value) {
        double whole = Math.rint(value);
        return Math.abs(value - whole) <= 1e-6 * Math.max(1, Math.abs(value)) ? whole : value;
    }
}
