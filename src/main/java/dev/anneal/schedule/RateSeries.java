package dev.anneal.schedule;

import java.util.Arrays;

/**
 * A learning rate as a run logged it: at each of some optimizer steps (ascending, not necessarily every one), the
 * rate. What {@link ScheduleInference} reads a schedule from.
 *
 * @param steps the steps, ascending, from 0
 * @param rates the rate at each step: finite, not negative
 */
public record RateSeries(long[] steps, double[] rates) {

    /** Two rates closer than this, relatively, are one rate logged twice. */
    static final double SAME = 1e-6;

    public RateSeries {
        if (steps.length != rates.length) {
            throw new IllegalArgumentException("a rate series needs one rate per step but had %d steps and %d rates"
                    .formatted(steps.length, rates.length));
        }
        for (int i = 0; i < steps.length; i++) {
            if (steps[i] < 0 || (i > 0 && steps[i] <= steps[i - 1])) {
                throw new IllegalArgumentException(
                        "a rate series' steps must ascend from 0 but step " + i + " was " + steps[i]);
            }
            if (!Double.isFinite(rates[i]) || rates[i] < 0) {
                throw new IllegalArgumentException("a rate must be finite and not negative but was " + rates[i]);
            }
        }
        steps = steps.clone();
        rates = rates.clone();
    }

    /** The steps, a copy: the series never changes. */
    @Override
    public long[] steps() {
        return steps.clone();
    }

    /** The rates, a copy: the series never changes. */
    @Override
    public double[] rates() {
        return rates.clone();
    }

    int size() {
        return steps.length;
    }

    long step(int i) {
        return steps[i];
    }

    double rate(int i) {
        return rates[i];
    }

    double last() {
        return rates[rates.length - 1];
    }

    double max() {
        return Arrays.stream(rates).max().orElse(0);
    }

    /**
     * The largest relative difference between a logged rate and {@code curve}'s at its step; where the logged rate is
     * 0, the difference itself.
     */
    double maxRelativeDeviation(RateCurve curve) {
        double worst = 0;
        for (int i = 0; i < steps.length; i++) {
            double expected = rates[i];
            double actual = curve.rate(steps[i]);
            double deviation = expected == 0 ? Math.abs(actual) : Math.abs(actual - expected) / expected;
            if (!(deviation <= worst)) { // NaN counts as the worst
                worst = Double.isNaN(deviation) ? Double.POSITIVE_INFINITY : deviation;
            }
        }
        return worst;
    }

    /** Whether two logged rates are the same rate, as far as logging (a float32 on the way, say) keeps it. */
    static boolean same(double a, double b) {
        return Math.abs(a - b) <= SAME * Math.max(Math.abs(a), Math.abs(b));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RateSeries series
                && Arrays.equals(steps, series.steps)
                && Arrays.equals(rates, series.rates);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(steps) + Arrays.hashCode(rates);
    }

    @Override
    public String toString() {
        return "RateSeries[" + steps.length + " rates]";
    }
}
