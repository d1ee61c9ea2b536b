package dev.anneal.training;

import java.util.Arrays;

/**
 * Labelled examples held in memory: features row-major in one array, one target per example (a class index, or a
 * value for regression).
 *
 * @param features {@code count × featureSize} values
 * @param targets {@code count} targets
 * @param exampleShape the shape of one example's features, e.g. {@code [1, 28, 28]}
 */
record Examples(float[] features, float[] targets, long[] exampleShape) {

    int count() {
        return targets.length;
    }

    int featureSize() {
        return features.length / Math.max(1, targets.length);
    }

    /** The examples at {@code indices}, in that order. */
    Examples select(int[] indices) {
        int size = featureSize();
        float[] x = new float[indices.length * size];
        float[] y = new float[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(features, indices[i] * size, x, i * size, size);
            y[i] = targets[indices[i]];
        }
        return new Examples(x, y, exampleShape);
    }

    /** The examples from {@code from} (inclusive) to {@code to} (exclusive). */
    Examples slice(int from, int to) {
        int size = featureSize();
        return new Examples(
                Arrays.copyOfRange(features, from * size, to * size),
                Arrays.copyOfRange(targets, from, to),
                exampleShape);
    }

    /** The first {@code n} examples. */
    Examples head(int n) {
        int size = featureSize();
        return new Examples(Arrays.copyOf(features, n * size), Arrays.copyOf(targets, n), exampleShape);
    }
}
