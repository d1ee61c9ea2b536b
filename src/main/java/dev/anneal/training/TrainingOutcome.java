package dev.anneal.training;

/**
 * How a training attempt ended.
 *
 * @param completed whether every epoch ran; {@code false} when the observer stopped it or it was interrupted
 * @param summary what the run achieved so far; {@code null} when it was interrupted
 * @param interruption why training stopped without being asked to, in words, when the database stayed unreachable
 *     too long: the run is to be requeued and resumed from its last checkpoint; {@code null} otherwise
 * @param rangeTest what a range test recorded, when the run was one and every repeat stopped on its own (at
 *     divergence or at end_lr); {@code null} otherwise
 * @param trainedModel an uploaded module's final weights as a plain TorchScript file (a temporary file the caller
 *     moves or deletes), when such a run completed; {@code null} otherwise
 * @param snapshotModels such a run's snapshots likewise, oldest first, when it kept them; empty otherwise
 */
public record TrainingOutcome(
        boolean completed,
        TrainingSummary summary,
        String interruption,
        RangeTestOutcome rangeTest,
        java.nio.file.Path trainedModel,
        java.util.List<java.nio.file.Path> snapshotModels) {

    public TrainingOutcome {
        snapshotModels = snapshotModels == null ? java.util.List.of() : java.util.List.copyOf(snapshotModels);
    }

    /** An attempt that ran to its end, or that its observer stopped. */
    public TrainingOutcome(boolean completed, TrainingSummary summary) {
        this(completed, summary, null, null, null, null);
    }

    /** An attempt that stopped on its own for {@code interruption}. */
    public TrainingOutcome(boolean completed, TrainingSummary summary, String interruption) {
        this(completed, summary, interruption, null, null, null);
    }

    /** A range test's attempt. */
    public TrainingOutcome(
            boolean completed, TrainingSummary summary, String interruption, RangeTestOutcome rangeTest) {
        this(completed, summary, interruption, rangeTest, null, null);
    }

    /** Whether training stopped on its own for {@link #interruption()}. */
    public boolean interrupted() {
        return interruption != null;
    }
}
