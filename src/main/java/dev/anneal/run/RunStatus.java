package dev.anneal.run;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a run is in its life, and the only moves between statuses that exist: {@code QUEUED → RUNNING →
 * SUCCEEDED | FAILED | CANCELLED | PRUNED}, {@code QUEUED → CANCELLED}, {@code RUNNING → QUEUED} when its worker
 * died and it is requeued to resume, and {@code FAILED | CANCELLED → QUEUED} when a user resumes it. {@code PRUNED}
 * is a sweep's early stopping, never a user's cancel: it is final, as the decision that made it stands.
 *
 * <p>A run a script logs ({@link RunKind#EXTERNAL}) moves by {@link #canMoveTo(RunStatus, RunKind)}'s other table: it
 * opens {@code RUNNING}, its script ends it {@code SUCCEEDED | FAILED | CANCELLED} (MLflow's {@code FINISHED},
 * {@code FAILED}, {@code KILLED}), and a script may take an ended run up again ({@code → RUNNING}, as MLflow's
 * {@code start_run(run_id=…)} does); it never waits in the queue, so it is never resumable.
 */
public enum RunStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    PRUNED;

    private static final Map<RunStatus, Set<RunStatus>> NEXT = Map.of(
            QUEUED, EnumSet.of(RUNNING, CANCELLED),
            RUNNING, EnumSet.of(SUCCEEDED, FAILED, CANCELLED, PRUNED, QUEUED),
            SUCCEEDED, EnumSet.noneOf(RunStatus.class),
            FAILED, EnumSet.of(QUEUED),
            CANCELLED, EnumSet.of(QUEUED),
            PRUNED, EnumSet.noneOf(RunStatus.class));

    private static final Map<RunStatus, Set<RunStatus>> LOGGED_NEXT = Map.of(
            QUEUED, EnumSet.of(RUNNING),
            RUNNING, EnumSet.of(SUCCEEDED, FAILED, CANCELLED),
            SUCCEEDED, EnumSet.of(RUNNING),
            FAILED, EnumSet.of(RUNNING),
            CANCELLED, EnumSet.of(RUNNING),
            PRUNED, EnumSet.noneOf(RunStatus.class));

    /** Whether a run Anneal trains may move from this status to {@code next}. */
    public boolean canMoveTo(RunStatus next) {
        return NEXT.get(this).contains(next);
    }

    /** Whether a run of {@code kind} may move from this status to {@code next}. */
    public boolean canMoveTo(RunStatus next, RunKind kind) {
        return (kind.isTrainedByAnneal() ? NEXT : LOGGED_NEXT).get(this).contains(next);
    }

    /** Whether the run has stopped: it succeeded, failed, was cancelled or was pruned by its sweep. */
    public boolean isTerminal() {
        return this != QUEUED && this != RUNNING;
    }

    /** Whether a user may resume a run in this status: it stopped, and may go back to the queue. */
    public boolean isResumable() {
        return isTerminal() && canMoveTo(QUEUED);
    }
}
