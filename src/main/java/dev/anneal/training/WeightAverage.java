package dev.anneal.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.List;

/**
 * Stochastic weight averaging (Izmailov et al., 2018): the equal-weight mean of the learning parameters at a
 * series of epoch ends. Late in a schedule the weights circle a wide minimum without settling at its centre; their
 * mean lies nearer it and usually generalises better than any one of them.
 *
 * <p>Only the learning parameters are averaged. Batch-norm statistics of averaged weights are not the average of
 * the statistics, so they are measured again once the average is in place.
 */
final class WeightAverage implements AutoCloseable {

    private final NDManager manager;
    private NDList mean;
    private int count;

    /** An empty average whose arrays live in a child of {@code parent}. */
    WeightAverage(NDManager parent) {
        this.manager = parent.newSubManager();
    }

    /** Folds {@code weights} into the mean as one more equal share. */
    void add(List<NDArray> weights) {
        if (mean == null) {
            mean = new NDList(weights.size());
            for (NDArray weight : weights) {
                NDArray copy = weight.duplicate();
                copy.attach(manager);
                mean.add(copy);
            }
        } else {
            // the running mean: m += (w - m) / (n + 1), one temporary per array, freed by the scope
            try (NDScope temporaries = new NDScope()) {
                for (int i = 0; i < weights.size(); i++) {
                    NDArray m = mean.get(i);
                    m.addi(weights.get(i).sub(m).divi(count + 1));
                }
            }
        }
        count++;
    }

    /** How many weight sets the mean holds. */
    int count() {
        return count;
    }

    /** Writes the mean into {@code weights}, in place, so the model's parameters keep their identity. */
    void copyInto(List<NDArray> weights) {
        for (int i = 0; i < weights.size(); i++) {
            InPlace.copy(mean.get(i), weights.get(i));
        }
    }

    /** The mean's arrays, encoded for a checkpoint; call only when {@link #count()} is above zero. */
    byte[] encode() {
        return mean.encode();
    }

    /** Continues from a checkpoint's mean of {@code count} weight sets. */
    void restore(byte[] encoded, int count) {
        if (mean != null) {
            mean.close();
        }
        mean = NDList.decode(manager, encoded);
        this.count = count;
    }

    @Override
    public void close() {
        manager.close();
    }
}
