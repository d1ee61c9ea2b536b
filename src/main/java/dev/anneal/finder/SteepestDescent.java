package dev.anneal.finder;

import java.util.OptionalDouble;

/**
 * "steepest": where the smoothed loss falls fastest against log10 of the rate (the most negative central difference),
 * skipping the first and last tenth of the curve, where the smoothing has not settled and the loss runs away.
 */
final class SteepestDescent implements SuggestionMethod {

    /** The share of the curve skipped at each end. */
    static final double SKIPPED = 0.1;

    @Override
    public String name() {
        return "steepest";
    }

    @Override
    public OptionalDouble suggest(RangeCurve curve) {
        int n = curve.size();
        int skip = Math.max(1, (int) Math.floor(n * SKIPPED));
        int best = -1;
        double steepest = 0;
        for (int i = skip; i < n - skip; i++) {
            double run = Math.log10(curve.rate(i + 1)) - Math.log10(curve.rate(i - 1));
            double slope = (curve.loss(i + 1) - curve.loss(i - 1)) / run;
            if (Double.isFinite(slope) && slope < steepest) {
                steepest = slope;
                best = i;
            }
        }
        return best < 0 ? OptionalDouble.empty() : OptionalDouble.of(curve.rate(best));
    }
}
