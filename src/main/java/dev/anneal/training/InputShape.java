package dev.anneal.training;

import ai.djl.ndarray.types.Shape;

/** The shape of a batch of the run's examples: the count, then one example's shape. */
final class InputShape implements Replicas.ShapeOf {

    private final long[] example;

    private InputShape(long[] example) {
        this.example = example.clone();
    }

    /** The input shape of {@code data}'s examples. */
    static InputShape of(PreparedData data) {
        return new InputShape(data.train().exampleShape());
    }

    /** The shape of {@code count} examples. */
    Shape of(int count) {
        long[] shape = new long[example.length + 1];
        shape[0] = count;
        System.arraycopy(example, 0, shape, 1, example.length);
        return new Shape(shape);
    }

    @Override
    public Shape batch(int count) {
        return of(count);
    }
}
