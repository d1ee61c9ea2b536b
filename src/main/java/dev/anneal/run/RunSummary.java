package dev.anneal.run;

import java.util.List;
import java.util.Map;

/**
 * What a run achieved, as it stores it in its {@code summary} document and the API and the run page show it. The
 * runs table's sort columns are generated from three of its fields (V3__run_sort_columns.sql); a test holds those
 * names, and the browser's, to the names here. Every field is {@code null} until a worker writes the run's first summary, and those a run has no value for stay so.
 *
 * @param bestValLoss the lowest validation loss
 * @param bestValLossStep the step it was reached at
 * @param bestValAcc the highest validation accuracy (classification only)
 * @param bestValAccStep the step it was reached at
 * @param testAcc accuracy on the held-apart test set at the end (classification only); the averaged model's when the
 *     run averages its weights
 * @param finalLr the rate of the last step
 * @param restarts cycles started after the first, scheduled and plateau restarts together
 * @param plateauRestarts restarts a plateau triggered
 * @param parameterCount trainable parameters in the model
 * @param steps optimizer steps completed
 * @param wallSeconds seconds spent training, the last attempt
 * @param averaged the stochastic weight average the run finished with, when it averaged its weights
 * @param rangeTest what an LR range test found; {@code null} for a training run
 * @param snapshots each snapshot of a run that keeps them, evaluated alone, oldest first; {@code null} otherwise
 * @param ensemble those snapshots' ensemble; {@code null} for a run that keeps none
 * @param cycleEnds for a script's run whose schedule has cycles, its metrics where each of its last
 *     {@value #MAX_CYCLE_ENDS} whole cycles ended; {@code null} otherwise (a trained run keeps {@code snapshots})
 */
public record RunSummary(
        Double bestValLoss,
        Long bestValLossStep,
        Double bestValAcc,
        Long bestValAccStep,
        Double testAcc,
        Double finalLr,
        Long restarts,
        Integer plateauRestarts,
        Long parameterCount,
        Long steps,
        Double wallSeconds,
        Averaged averaged,
        RangeTestSummary rangeTest,
        List<Snapshot> snapshots,
        Ensemble ensemble,
        List<CycleEnd> cycleEnds) {

    /** The most cycle ends a summary lists: the last ones. */
    public static final int MAX_CYCLE_ENDS = 100;

    /** The summary of a run no worker has summarised yet. */
    public static final RunSummary NONE = new RunSummary(
            null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    /**
     * The weights at one cycle's end (or the run's), evaluated alone.
     *
     * @param step the step it was taken at
     * @param epoch the epochs taken then
     * @param cycle the cycle whose end it is
     * @param valLoss its validation loss
     * @param valAcc its validation accuracy (classification only)
     * @param testAcc its test accuracy (classification only)
     */
    public record Snapshot(long step, double epoch, long cycle, double valLoss, Double valAcc, Double testAcc) {}

    /**
     * A snapshot ensemble: the mean of its members' softmax outputs (of their predictions, for regression).
     *
     * @param members how many snapshots it averages, the last ones
     * @param valLoss its validation loss
     * @param valAcc its validation accuracy (classification only)
     * @param testAcc its test accuracy (classification only)
     * @param seconds how long evaluating the snapshots and their ensemble took
     */
    public record Ensemble(int members, double valLoss, Double valAcc, Double testAcc, double seconds) {}

    /**
     * The model a run finished with when it averaged its weights: the best validation figures above are the
     * trajectory's, these are the average's.
     *
     * @param fromEpoch the first epoch whose end weights joined the average
     * @param epochs how many epochs' weights it holds
     * @param valLoss its validation loss
     * @param valAcc its validation accuracy (classification only)
     */
    public record Averaged(int fromEpoch, int epochs, double valLoss, Double valAcc) {}

    /**
     * A script's metrics where one cycle of its schedule ended: each metric's last value logged after the cycle's
     * first step, up to the step its next cycle starts at. A value logged at step {@code s} counts as measured after
     * {@code s} steps, as Anneal's own training logs an evaluation: the one logged where a cycle starts closes the
     * cycle before.
     *
     * @param cycle the cycle's index, from 0
     * @param step the step the next cycle starts at
     * @param values each metric's last value in the cycle, by key; a metric not logged in it is absent
     */
    public record CycleEnd(long cycle, long step, Map<String, Double> values) {}

    /** This summary with what a range test found. */
    public RunSummary withRangeTest(RangeTestSummary found) {
        return new RunSummary(
                bestValLoss,
                bestValLossStep,
                bestValAcc,
                bestValAccStep,
                testAcc,
                finalLr,
                restarts,
                plateauRestarts,
                parameterCount,
                steps,
                wallSeconds,
                averaged,
                found,
                snapshots,
                ensemble,
                cycleEnds);
    }
}
