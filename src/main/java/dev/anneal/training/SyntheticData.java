package dev.anneal.training;

import java.util.SplittableRandom;

/**
 * Datasets generated from the run's seed: large enough that a run takes seconds, small enough to need no download.
 */
final class SyntheticData {

    static final int POOL_SIZE = 24_000;
    static final int TEST_SIZE = 6_000;
    static final int SPIRAL_ARMS = 3;
    static final int REGRESSION_FEATURES = 8;

    private SyntheticData() {}

    /**
     * Three interleaved spiral arms in the plane, one class each, with Gaussian noise: not linearly separable, so
     * the schedule matters.
     */
    static Examples spirals(int count, long seed) {
        var random = new SplittableRandom(seed);
        float[] x = new float[count * 2];
        float[] y = new float[count];
        for (int i = 0; i < count; i++) {
            int arm = random.nextInt(SPIRAL_ARMS);
            double radius = random.nextDouble();
            double angle = arm * 2 * Math.PI / SPIRAL_ARMS + radius * 4.5 + random.nextGaussian() * 0.15;
            x[2 * i] = (float) (radius * Math.cos(angle));
            x[2 * i + 1] = (float) (radius * Math.sin(angle));
            y[i] = arm;
        }
        return new Examples(x, y, new long[] {2});
    }

    /**
     * A smooth non-linear target of eight features, {@code sin(2 w·x) + x₀x₁/2} plus noise; {@code w} comes from
     * the seed, so train and test sets share it.
     */
    static Examples regression(int count, long dataSeed, long weightSeed) {
        var weights = new SplittableRandom(weightSeed);
        double[] w = new double[REGRESSION_FEATURES];
        for (int j = 0; j < w.length; j++) {
            w[j] = weights.nextGaussian() / Math.sqrt(REGRESSION_FEATURES);
        }
        var random = new SplittableRandom(dataSeed);
        float[] x = new float[count * REGRESSION_FEATURES];
        float[] y = new float[count];
        for (int i = 0; i < count; i++) {
            double dot = 0;
            for (int j = 0; j < REGRESSION_FEATURES; j++) {
                double value = random.nextDouble(-1, 1);
                x[i * REGRESSION_FEATURES + j] = (float) value;
                dot += w[j] * value;
            }
            double interaction = x[i * REGRESSION_FEATURES] * x[i * REGRESSION_FEATURES + 1] / 2.0;
            y[i] = (float) (Math.sin(2 * dot) + interaction + random.nextGaussian() * 0.05);
        }
        return new Examples(x, y, new long[] {REGRESSION_FEATURES});
    }
}
