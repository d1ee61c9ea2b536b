package dev.anneal.run;

/**
 * A run's status and how far it got, as other modules read it: the narrow view that the metrics module's live
 * streams need, not the aggregate.
 *
 * @param status the run's status
 * @param step optimizer steps done
 * @param totalSteps in all, once known
 * @param epoch fractional epochs done
 * @param error a failed run's cause
 */
public record RunState(RunStatus status, long step, Long totalSteps, double epoch, String error) {

    /** Whether the run may still log points: queued or running. */
    public boolean live() {
        return !status.isTerminal();
    }
}
