package dev.anneal.finder;

import java.util.OptionalDouble;

/**
 * fastai's default, "valley": the longest stretch over which the loss keeps falling (the longest decreasing
 * subsequence of the curve), and the rate halfway along it — far enough in that the loss falls fast, far enough from
 * its end that it is not about to turn.
 */
final class Valley implements SuggestionMethod {

    @Override
    public String name() {
        return "valley";
    }

    @Override
    public OptionalDouble suggest(RangeCurve curve) {
        int n = curve.size();
        if (n < 2) {
            return OptionalDouble.empty();
        }
        // longest[i]: the length of the longest decreasing run of points that ends at i; from[i]: where it starts
        int[] longest = new int[n];
        int[] from = new int[n];
        int end = 0;
        for (int i = 0; i < n; i++) {
            longest[i] = 1;
            from[i] = i;
            if (!Double.isFinite(curve.loss(i))) {
                continue;
            }
            for (int j = 0; j < i; j++) {
                if (Double.isFinite(curve.loss(j)) && curve.loss(i) < curve.loss(j) && longest[j] + 1 > longest[i]) {
                    longest[i] = longest[j] + 1;
                    from[i] = from[j];
                }
            }
            if (longest[i] > longest[end]) {
                end = i;
            }
        }
        if (longest[end] < 2) {
            return OptionalDouble.empty(); // the loss never falls
        }
        int start = from[end];
        return OptionalDouble.of(curve.rate(start + (end - start) / 2));
    }
}
