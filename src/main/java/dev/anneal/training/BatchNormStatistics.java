package dev.anneal.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * Measures a model's batch-norm statistics afresh over a data set: the example-weighted mean of every batch's
 * statistics, as PyTorch's {@code update_bn} computes them for averaged weights.
 *
 * <p>Batch norm updates its running statistics only as a moving average, {@code r ← m·r + (1 − m)·b}, which would
 * leave the result leaning on the last batches and, over a small data set, on the stale values it started from.
 * So each batch starts from zero statistics; what the forward pass leaves is then {@code (1 − m)·b}, and the sums of
 * those, divided out at the end, give the exact mean whatever the data set's size.
 */
final class BatchNormStatistics {

    /** Examples per forward pass. */
    static final int BATCH = 1024;

    private BatchNormStatistics() {}

    /**
     * Replaces the running statistics of every batch-norm layer of {@code trainer}'s model with their mean over
     * {@code examples}. Forward passes run in training mode; the caller keeps gradient recording off.
     *
     * @param shapeOf the input shape of a batch of the given number of examples
     */
    static void measure(Trainer trainer, Examples examples, IntFunction<Shape> shapeOf) {
        List<NDArray> statistics = trainer.getModel().getBlock().getParameters().values().stream()
                .filter(parameter -> parameter.getType() == Parameter.Type.RUNNING_MEAN
                        || parameter.getType() == Parameter.Type.RUNNING_VAR)
                .map(Parameter::getArray)
                .toList();
        if (statistics.isEmpty()) {
            if (trainer.getModel().getBlock() instanceof ModuleBlock) {
                ModuleStatistics.refresh(trainer, examples, shapeOf); // its statistics are out of DJL's reach
            }
            return;
        }
        float share = 1 - Networks.BATCH_NORM_MOMENTUM; // how much of a batch's statistics a forward pass keeps
        try (NDManager sums = trainer.getManager().newSubManager()) {
            var totals = new NDList(statistics.size());
            for (NDArray statistic : statistics) {
                totals.add(sums.zeros(statistic.getShape(), statistic.getDataType(), statistic.getDevice()));
            }
            for (int from = 0; from < examples.count(); from += BATCH) {
                int to = Math.min(examples.count(), from + BATCH);
                try (NDScope arrays = new NDScope();
                        NDManager scope = trainer.getManager().newSubManager()) {
                    statistics.forEach(statistic -> statistic.muli(0));
                    var batch = examples.select(IntStream.range(from, to).toArray());
                    trainer.forward(new NDList(scope.create(batch.features(), shapeOf.apply(batch.count()))));
                    float weight = (to - from) / share;
                    for (int i = 0; i < statistics.size(); i++) {
                        totals.get(i).addi(statistics.get(i).mul(weight));
                    }
                }
            }
            for (int i = 0; i < statistics.size(); i++) {
                InPlace.copy(totals.get(i).divi(examples.count()), statistics.get(i));
            }
        }
    }
}
