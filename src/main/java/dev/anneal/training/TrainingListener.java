package dev.anneal.training;

import java.time.Instant;

/**
 * A part the training loop calls at named points of a run — the idea of DJL's {@code TrainingListener}, as our own
 * small interface: the metrics, the schedule's events, the best figures, the weight average and the checkpoint
 * cadence are each one. Every method is called on the training thread, in the order the parts were given; each does
 * nothing unless a part needs it.
 */
interface TrainingListener {

    /**
     * A cycle just ended: the next step restarts the schedule. The weights are those at the cycle's end, the rate
     * at (or on its way to) its floor.
     */
    default void onCycleEnd(CycleEnd end) {}

    /** An optimizer step was taken. */
    default void onStepEnd(StepEnd step) {}

    /** The model was evaluated on the validation set, {@code steps} steps into the run. */
    default void onEvaluation(long steps, double epoch, Evaluation result) {}

    /** An epoch's last step was taken (and its evaluation, when evaluations are once an epoch). */
    default void onEpochEnd(EpochEnd end) {}

    /** The run ends: every epoch trained ({@code completed}), or stopped early. */
    default void onRunEnd(RunEnd end) {}

    /**
     * @param steps steps taken when the cycle ended
     * @param epoch epochs taken then
     * @param cycle the cycle that ended
     */
    record CycleEnd(long steps, double epoch, long cycle) {}

    /**
     * @param step the step's 0-based index: its metrics are logged at it
     * @param epoch the epochs taken before the step
     * @param rate the step's rate and where it fell in the schedule
     * @param trainLoss the mean loss over the step's examples
     * @param gradNorm the global gradient norm before clipping
     * @param at when the step was taken
     */
    record StepEnd(long step, double epoch, RateSource.RatePoint rate, double trainLoss, double gradNorm, Instant at) {}

    /**
     * @param epochs epochs completed, counted from 1
     * @param steps steps taken
     */
    record EpochEnd(int epochs, long steps) {}

    /**
     * @param completed whether every epoch trained
     * @param steps steps taken
     * @param epoch epochs taken
     * @param testAccuracy the final model's test accuracy, or {@code null} (stopped early, or no accuracy)
     */
    record RunEnd(boolean completed, long steps, double epoch, Double testAccuracy) {}
}
