package dev.anneal.training;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.anneal.schedule.ScheduleState;
import java.util.List;
import java.util.Map;

/**
 * Where a run is, whole, but for its tensors: what a checkpoint saves and a resumed run continues from — the data
 * position, the rate source's state, the optimizer's update counts, the best figures and the weight average's size.
 *
 * <p>Checkpoints written before the loop was built from parts held the last step's schedule phase, cycle, plateau
 * reason and rate here too; those now live in {@link ScheduleState} or follow from it, and are ignored when read.
 *
 * @param step optimizer steps completed
 * @param epoch the epoch to continue in
 * @param batch the first batch of that epoch not yet trained on
 * @param schedule the rate source's state
 * @param optimizerUpdates the optimizer's update count per parameter
 * @param best the best validation figures so far
 * @param averaged how many epochs' weights the stochastic weight average holds, or {@code null} for none
 * @param snapshots where each snapshot kept for the ensemble was taken, oldest first; {@code null} in a checkpoint
 *     written before there were snapshots
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record LoopState(
        long step,
        int epoch,
        int batch,
        ScheduleState schedule,
        Map<String, Long> optimizerUpdates,
        BestFigures.Best best,
        Integer averaged,
        List<SnapshotStore.Mark> snapshots) {}
