package dev.anneal.training;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.Trainer;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * An uploaded module's batch-norm statistics brought to its current weights. They are the module's buffers, which
 * DJL cannot reach (it sees a TorchScript module's parameters only), so they cannot be zeroed and summed as
 * {@link BatchNormStatistics} does for a built-in network; what is left is what training itself does to them:
 * forward passes in training mode, gradients off, until each layer's moving average has forgotten the statistics of
 * the weights before. At least {@value #MIN_BATCHES} batches (PyTorch's default momentum of 0.1 leaves 0.9^100, a
 * forty-thousandth, of the old statistics), or the examples once over if that is more.
 */
final class ModuleStatistics {

    /** Examples per forward pass: as many as a step trains on, so each batch's statistics are a step's. */
    static final int BATCH = 128;

    /** The fewest forward passes. */
    static final int MIN_BATCHES = 100;

    private ModuleStatistics() {}

    /**
     * Runs {@code trainer}'s module forward over {@code examples} in training mode, in order, round again as often as
     * {@link #MIN_BATCHES} needs. The caller keeps gradient recording off.
     */
    static void refresh(Trainer trainer, Examples examples, IntFunction<Shape> shapeOf) {
        int batch = Math.min(BATCH, examples.count());
        int perPass = (examples.count() + batch - 1) / batch;
        int batches = Math.max(MIN_BATCHES, perPass);
        for (int b = 0; b < batches; b++) {
            int from = (b % perPass) * batch;
            int to = Math.min(examples.count(), from + batch);
            try (NDScope arrays = new NDScope();
                    NDManager scope = trainer.getManager().newSubManager()) {
                var chosen = examples.select(IntStream.range(from, to).toArray());
                trainer.forward(new NDList(scope.create(chosen.features(), shapeOf.apply(chosen.count()))));
            }
        }
    }
}
