package dev.anneal.finder;

import java.util.OptionalDouble;

/**
 * "min_div_10": a tenth of the rate at which the smoothed loss is lowest — the lowest point is already about to
 * diverge, an order of magnitude below it is not (fastai's {@code minimum}, Smith's rule of thumb).
 */
final class MinimumOverTen implements SuggestionMethod {

    @Override
    public String name() {
        return "min_div_10";
    }

    @Override
    public OptionalDouble suggest(RangeCurve curve) {
        int lowest = curve.lowest();
        return lowest <= 0 ? OptionalDouble.empty() : OptionalDouble.of(curve.rate(lowest) / 10);
    }
}
