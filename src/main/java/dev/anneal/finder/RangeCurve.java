package dev.anneal.finder;

import java.util.List;

/**
 * A range test's curve as it was recorded: each step's rate, rising, beside its smoothed loss, up to where the test
 * stopped.
 *
 * @param rates the rate of each step, in increasing order
 * @param losses the smoothed loss after each step
 */
public record RangeCurve(List<Double> rates, List<Double> losses) {

    public RangeCurve {
        rates = List.copyOf(rates);
        losses = List.copyOf(losses);
        if (rates.size() != losses.size()) {
            throw new IllegalArgumentException(
                    "a curve needs a loss for every rate: %d rates, %d losses".formatted(rates.size(), losses.size()));
        }
    }

    /** How many steps it holds. */
    public int size() {
        return rates.size();
    }

    double rate(int i) {
        return rates.get(i);
    }

    double loss(int i) {
        return losses.get(i);
    }

    /** The step of the lowest finite loss, or -1 when there is none. */
    int lowest() {
        int best = -1;
        for (int i = 0; i < size(); i++) {
            if (Double.isFinite(loss(i)) && (best < 0 || loss(i) < loss(best))) {
                best = i;
            }
        }
        return best;
    }
}
