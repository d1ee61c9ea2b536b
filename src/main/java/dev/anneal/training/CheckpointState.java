package dev.anneal.training;

import dev.anneal.schedule.ScheduleState;
import java.util.Map;

/**
 * Everything but the tensors that a resumed run needs to continue the same trajectory: where it is in the data,
 * the schedule's state, the optimizer's update counts, and what it has achieved so far.
 *
 * @param step optimizer steps completed
 * @param epoch the epoch to continue in
 * @param batch the first batch of that epoch not yet trained on
 * @param schedule the schedule's whole state
 * @param optimizerUpdates the optimizer's update count per parameter
 * @param best the best validation figures so far
 * @param lastPhase the schedule phase of the last step, to tell a restart at the next one
 * @param lastCycle the cycle of the last step
 * @param plateauReason why a pending plateau restart was decided, or {@code null}
 * @param lastLr the rate of the last step
 * @param averaged how many epochs' weights the stochastic weight average holds, or {@code null} for none
 */
record CheckpointState(
        long step,
        int epoch,
        int batch,
        ScheduleState schedule,
        Map<String, Long> optimizerUpdates,
        BestSoFar best,
        String lastPhase,
        Long lastCycle,
        String plateauReason,
        Double lastLr,
        Integer averaged) {

    /**
     * The best validation figures so far and the steps they were reached at.
     *
     * @param valLoss the lowest validation loss
     * @param valLossStep its step
     * @param valAcc the highest validation accuracy
     * @param valAccStep its step
     */
    record BestSoFar(Double valLoss, Long valLossStep, Double valAcc, Long valAccStep) {}
}
