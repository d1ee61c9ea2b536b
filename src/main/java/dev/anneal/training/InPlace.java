package dev.anneal.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * Copies into existing arrays. A model's parameter arrays must keep their identity: the trainer's parameter store
 * and the optimizer hold on to them, so new values are written into them, never swapped in.
 */
final class InPlace {

    private static final NDIndex ALL = new NDIndex("...");

    private InPlace() {}

    /** Overwrites every element of {@code target} with {@code source}'s (of the same shape, or broadcastable). */
    static void copy(NDArray source, NDArray target) {
        target.set(ALL, source);
    }
}
