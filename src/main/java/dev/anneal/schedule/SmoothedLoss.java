package dev.anneal.schedule;

/**
 * The range test's view of the training loss: a debiased exponential moving average ({@code avg ← β·avg + (1−β)·loss},
 * divided by {@code 1 − β^n} so the first values are not pulled towards zero, as in Adam), its best value so far, and
 * whether it has diverged: passed {@code divergeFactor} times its best, or stopped being a number.
 */
public final class SmoothedLoss {

    private final double beta;
    private final double divergeFactor;
    private double average;
    private long count;
    private double best = Double.POSITIVE_INFINITY;
    private double last = Double.NaN;

    /** A smoothing of decay {@code beta} in {@code [0, 1)} that calls divergence at {@code divergeFactor} × best. */
    public SmoothedLoss(double beta, double divergeFactor) {
        if (!(beta >= 0 && beta < 1) || !(divergeFactor > 1)) {
            throw new IllegalArgumentException(
                    "smoothing must be in [0, 1) and the divergence factor > 1, not %s and %s"
                            .formatted(beta, divergeFactor));
        }
        this.beta = beta;
        this.divergeFactor = divergeFactor;
    }

    /** Takes the next step's loss; returns the smoothed loss after it (NaN once a loss was not a number). */
    public double add(double loss) {
        count++;
        average = beta * average + (1 - beta) * loss;
        last = average / (1 - Math.pow(beta, count));
        if (Double.isFinite(last) && last < best) {
            best = last;
        }
        return last;
    }

    /** The lowest smoothed loss so far; infinite before the first. */
    public double best() {
        return best;
    }

    /** Whether the loss has run away: past the factor times its best, infinite or not a number. */
    public boolean diverged() {
        return count > 0 && (!Double.isFinite(last) || last > divergeFactor * best);
    }
}
