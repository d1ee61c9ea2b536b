package dev.anneal.finder;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a range test's curve with every {@link SuggestionMethod}, takes their consensus (the median on a log scale:
 * one method's outlier does not move it), and warns when the curve never descends or the methods disagree by more
 * than a decade.
 */
public final class RangeTestAdvisor {

    /** Suggestions further apart than this many decades are called a disagreement. */
    static final double DISAGREEMENT_DECADES = 1;

    /** The hint's floor lies this far below its peak. */
    static final double FLOOR_RATIO = 100;

    /**
     * A curve whose lowest point is not at least this share below its first does not descend: a loss that merely
     * wobbles gives no rate to pick.
     */
    static final double DESCENT_SHARE = 0.01;

    private final List<SuggestionMethod> methods;

    /** An advisor reading with every method there is. */
    public RangeTestAdvisor() {
        this(SuggestionMethod.ALL);
    }

    RangeTestAdvisor(List<SuggestionMethod> methods) {
        this.methods = List.copyOf(methods);
    }

    /** What {@code curve} says. */
    public RangeAdvice advise(RangeCurve curve) {
        var warnings = new ArrayList<RangeAdvice.Warning>();
        if (!descends(curve)) {
            warnings.add(new RangeAdvice.Warning(
                    "NEVER_DESCENDS",
                    "the smoothed loss never fell below its start: the rates tried may all be too high (lower"
                            + " start_lr), or the model does not learn (check the data and the model)"));
            return new RangeAdvice(null, List.of(), 0, null, warnings);
        }
        var suggestions = new ArrayList<RangeAdvice.Suggestion>();
        for (var method : methods) {
            method.suggest(curve).ifPresent(lr -> suggestions.add(new RangeAdvice.Suggestion(method.name(), lr)));
        }
        if (suggestions.isEmpty()) {
            return new RangeAdvice(null, List.of(), 0, null, warnings);
        }
        double[] sorted = suggestions.stream()
                .mapToDouble(RangeAdvice.Suggestion::lr)
                .sorted()
                .toArray();
        double spread = Math.log10(sorted[sorted.length - 1] / sorted[0]);
        if (spread > DISAGREEMENT_DECADES) {
            warnings.add(new RangeAdvice.Warning(
                    "METHODS_DISAGREE",
                    "the methods' suggestions lie %s decades apart: the curve has no clear valley; repeat the test"
                                    .formatted(String.format(Locale.ROOT, "%.1f", spread))
                            + " (repeats) or try a few rates around the suggestion"));
        }
        double consensus = logMedian(sorted);
        return new RangeAdvice(
                consensus,
                suggestions,
                spread,
                new RangeAdvice.ScheduleHint(consensus, consensus / FLOOR_RATIO),
                warnings);
    }

    private static boolean descends(RangeCurve curve) {
        int lowest = curve.lowest();
        if (lowest <= 0) {
            return false;
        }
        double first = curve.loss(0);
        return Double.isFinite(first) && curve.loss(lowest) < first - DESCENT_SHARE * Math.abs(first);
    }

    /** The middle rate, or the geometric mean of the middle two: the median of their logarithms. */
    private static double logMedian(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : Math.sqrt(sorted[n / 2 - 1] * sorted[n / 2]);
    }
}
