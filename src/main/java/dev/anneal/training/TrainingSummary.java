package dev.anneal.training;

import java.util.List;
import java.util.Map;

/**
 * What a run achieved.
 *
 * @param bestValLoss the lowest validation loss, or {@code null} before the first evaluation
 * @param bestValLossStep the step it was reached at
 * @param bestValAcc the highest validation accuracy (classification only), or {@code null}
 * @param bestValAccStep the step it was reached at
 * @param testAcc accuracy on the held-apart test set at the end (classification only), or {@code null}; the
 *     averaged model's when the run averages its weights
 * @param finalLr the rate of the last step
 * @param restarts cycles started after the first, scheduled and plateau restarts together
 * @param plateauRestarts restarts a plateau triggered
 * @param parameterCount trainable parameters in the model
 * @param datasetFingerprint what identifies the data: file checksums, or the generator and seed
 * @param steps optimizer steps completed
 * @param wallSeconds seconds spent training, this attempt
 * @param averaged the stochastic weight average the run finished with, or {@code null} when it kept its last
 *     weights
 * @param snapshots the snapshot ensemble's figures, or {@code null} when the run keeps no snapshots
 */
public record TrainingSummary(
        Double bestValLoss,
        Long bestValLossStep,
        Double bestValAcc,
        Long bestValAccStep,
        Double testAcc,
        Double finalLr,
        long restarts,
        int plateauRestarts,
        long parameterCount,
        Map<String, String> datasetFingerprint,
        long steps,
        double wallSeconds,
        Averaged averaged,
        Snapshots snapshots) {

    /**
     * A snapshot ensemble's figures.
     *
     * @param members each kept snapshot's own figures, oldest first
     * @param ensemble their ensemble's
     */
    public record Snapshots(List<Snapshot> members, Ensemble ensemble) {

        public Snapshots {
            members = List.copyOf(members);
        }
    }

    /**
     * One snapshot of the weights, evaluated alone.
     *
     * @param step steps taken when it was taken
     * @param epoch epochs taken then
     * @param cycle the cycle whose end it is (or the run's last cycle)
     * @param valLoss its validation loss
     * @param valAcc its validation accuracy, or {@code null} for regression
     * @param testAcc its test accuracy, or {@code null} for regression
     */
    public record Snapshot(long step, double epoch, long cycle, double valLoss, Double valAcc, Double testAcc) {}

    /**
     * The snapshots' ensemble: the mean of their softmax outputs (of their predictions, for regression).
     *
     * @param members how many snapshots it averages
     * @param valLoss its validation loss
     * @param valAcc its validation accuracy, or {@code null} for regression
     * @param testAcc its test accuracy, or {@code null} for regression
     * @param seconds how long evaluating the snapshots and the ensemble took
     */
    public record Ensemble(int members, double valLoss, Double valAcc, Double testAcc, double seconds) {}

    /**
     * The model a run finished with when it averaged its weights: the best validation figures above are the
     * trajectory's, these are the average's.
     *
     * @param fromEpoch the first epoch whose end weights joined the average
     * @param epochs how many epochs' weights it holds
     * @param valLoss its validation loss, batch-norm statistics measured again
     * @param valAcc its validation accuracy (classification only), or {@code null}
     */
    public record Averaged(int fromEpoch, int epochs, double valLoss, Double valAcc) {}
}
