package dev.anneal.library;

/**
 * Examples as training holds them: features row-major in one array, one target per example (a class index, or a
 * value for regression).
 *
 * @param features {@code count × featureSize} values
 * @param targets {@code count} targets
 * @param exampleShape one example's shape: {@code [20]}, {@code [1, 28, 28]}
 */
public record LabelledArrays(float[] features, float[] targets, long[] exampleShape) {

    /** How many examples. */
    public int count() {
        return targets.length;
    }
}
