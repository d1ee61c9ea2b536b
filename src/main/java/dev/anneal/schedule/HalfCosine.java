package dev.anneal.schedule;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.DoubleUnaryOperator;

/**
 * A half cosine from a peak down to a floor, as cosine annealing's cycles and one-cycle's second phase both fall:
 * {@code floor + (peak − floor) · (1 + cos(π u / length)) / 2} at {@code u} past the peak. Read off logged points,
 * its length and floor are the two unknowns.
 *
 * @param length how many steps it takes from the peak to the floor
 * @param floor where it ends
 */
record HalfCosine(double length, double floor) {

    /**
     * The half cosine from {@code peak} at index {@code top} through the points before index {@code end}: its length
     * solved through a point near their middle and the last one (lengths within a millionth of a whole number taken
     * to be that number), then the floor that fits all of them best. Empty with fewer than two points past the peak.
     */
    static Optional<HalfCosine> through(RateSeries series, int top, int end, double peak) {
        return through(series, top + 1, end, series.step(top), peak);
    }

    /**
     * The half cosine from {@code peak} at position {@code origin} (a step, or between two) through the points from
     * index {@code from} to before {@code end}, all past the origin.
     */
    static Optional<HalfCosine> through(RateSeries series, int from, int end, double origin, double peak) {
        if (end - from < 2 || series.step(from) < origin) {
            return Optional.empty();
        }
        int last = end - 1;
        int middle = from + (last - from) / 2;
        double u1 = series.step(middle) - origin;
        double r1 = series.rate(middle);
        double u2 = series.step(last) - origin;
        double r2 = series.rate(last);
        // the last point may be the floor itself (a run that ran the whole curve): the length is then its distance
        DoubleUnaryOperator off = t -> miss(t, u1, r1, u2, r2, peak);
        var solved = Math.abs(off.applyAsDouble(u2)) <= RateSeries.SAME * peak ? OptionalDouble.of(u2) : root(off, u2);
        if (solved.isEmpty()) {
            return Optional.empty();
        }
        double length = SmoothFits.snap(solved.getAsDouble());
        // the floor by least squares over every point, each weighed by its size: one noisy point would carry its noise
        // into the whole curve, and the small rates near the floor are to come out as close, relatively, as the large
        double along = 0;
        double squares = 0;
        for (int i = from; i < end; i++) {
            double c = share(series.step(i) - origin, length);
            double weight = series.rate(i) > 0 ? 1 / (series.rate(i) * series.rate(i)) : 1 / (peak * peak);
            along += weight * (1 - c) * (series.rate(i) - peak * c);
            squares += weight * (1 - c) * (1 - c);
        }
        double floor = along / squares;
        // a floor of 0 comes out a hair either side of it; below 0 by rounding, it is 0 all the same
        if (Math.abs(floor) <= 1e-12 * peak || (floor < 0 && floor >= -1e-6 * peak)) {
            floor = 0;
        }
        return Optional.of(new HalfCosine(length, floor));
    }

    /** Its rate {@code u} past a peak of {@code peak}. */
    double rate(double u, double peak) {
        return floor + (peak - floor) * share(u, length);
    }

    /**
     * The half cosine down to a known {@code floor} that starts at position {@code start} (a step, or between two)
     * and runs through the points from index {@code from} to before {@code end}: its length and its peak, which need
     * not be a logged point. The peak comes from the first point and the length through the last, so two points do.
     */
    static Optional<Peaked> toFloor(RateSeries series, int from, int end, double start, double floor) {
        if (end - from < 2) {
            return Optional.empty();
        }
        double v1 = series.step(from) - start;
        double r1 = series.rate(from);
        double v2 = series.step(end - 1) - start;
        double r2 = series.rate(end - 1);
        if (v1 < 0 || v2 <= v1) {
            return Optional.empty();
        }
        DoubleUnaryOperator miss = t -> {
            double peak = floor + (r1 - floor) / share(v1, t);
            return floor + (peak - floor) * share(v2, t) - r2;
        };
        // the length through both points; only where none is found is the last point taken for the floor itself: near
        // its floor a long cycle's rate is within a millionth of the peak from steps before its end (6e-8 of 0.1 a step
        // before the end of 2 000), so taking it first cut such a cycle one step short
        var solved = root(miss, v2);
        if (solved.isEmpty() && Math.abs(miss.applyAsDouble(v2)) <= RateSeries.SAME * r1) {
            solved = OptionalDouble.of(v2);
        }
        if (solved.isEmpty()) {
            return Optional.empty();
        }
        double length = SmoothFits.snap(solved.getAsDouble());
        return Optional.of(new Peaked(length, floor + (r1 - floor) / share(v1, length)));
    }

    /**
     * A half cosine read with its floor known.
     *
     * @param length how many steps it takes from its peak to the floor
     * @param peak where it starts
     */
    record Peaked(double length, double peak) {}

    /**
     * The rising half cosine of one-cycle's first phase, from {@code initial} at step 0 up to its top, read from the
     * points from index 1 to before {@code before} (all on the rise): where the top is (a step, or between two) and
     * how high. The top need not be a logged point. Empty with fewer than two points on the rise.
     */
    static Optional<double[]> rise(RateSeries series, int before, double initial) {
        if (before < 3) {
            return Optional.empty();
        }
        int last = before - 1;
        int middle = 1 + (last - 1) / 2;
        double u1 = series.step(middle);
        double r1 = series.rate(middle);
        double u2 = series.step(last);
        double r2 = series.rate(last);
        DoubleUnaryOperator top = t -> (r1 - initial * share(u1, t)) / (1 - share(u1, t));
        DoubleUnaryOperator miss = t -> top.applyAsDouble(t) + (initial - top.applyAsDouble(t)) * share(u2, t) - r2;
        var solved = Math.abs(miss.applyAsDouble(u2)) <= RateSeries.SAME * r2 ? OptionalDouble.of(u2) : root(miss, u2);
        if (solved.isEmpty()) {
            return Optional.empty();
        }
        double at = SmoothFits.snap(solved.getAsDouble());
        return Optional.of(new double[] {at, top.applyAsDouble(at)});
    }

    /**
     * Where {@code miss} changes sign at or past {@code from}: bracketed by doubling, then halved down to the last bit;
     * empty when it does not change sign before a length no schedule has.
     */
    private static OptionalDouble root(DoubleUnaryOperator miss, double from) {
        double low = from;
        double high = 2 * from;
        while (Math.signum(miss.applyAsDouble(low)) == Math.signum(miss.applyAsDouble(high))) {
            low = high;
            high *= 2;
            if (high > 1e12) {
                return OptionalDouble.empty();
            }
        }
        return OptionalDouble.of(bisect(miss, low, high));
    }

    /** Where {@code miss}, of opposite signs at {@code low} and {@code high}, changes sign: halved to the last bit. */
    static double bisect(DoubleUnaryOperator miss, double low, double high) {
        for (int i = 0; i < 200 && high - low > Math.ulp(high); i++) {
            double mid = (low + high) / 2;
            if (Math.signum(miss.applyAsDouble(mid)) == Math.signum(miss.applyAsDouble(low))) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return (low + high) / 2;
    }

    /** How far the half cosine of length {@code t} through {@code (u1, r1)} passes from {@code (u2, r2)}. */
    private static double miss(double t, double u1, double r1, double u2, double r2, double peak) {
        double floor = floorThrough(t, u1, r1, peak);
        return floor + (peak - floor) * share(u2, t) - r2;
    }

    /** The floor of the half cosine of length {@code t} from {@code peak} through {@code (u, r)}. */
    private static double floorThrough(double t, double u, double r, double peak) {
        double c = share(u, t);
        return (r - peak * c) / (1 - c);
    }

    /** How much of the way from the floor to the peak a half cosine of length {@code t} still is at {@code u}. */
    private static double share(double u, double t) {
        return (1 + Math.cos(Math.PI * u / t)) / 2;
    }
}
