package dev.anneal.run;

import java.time.Instant;
import java.util.UUID;

/**
 * Someone launched, cancelled or resumed a run: what the run's events record, naming who and when.
 *
 * @param runId the run
 * @param act what was done
 * @param actor who did it
 * @param step the run's progress then, in optimizer steps
 * @param epoch the run's progress then, in epochs
 * @param at when
 */
public record RunActedOn(UUID runId, Act act, String actor, long step, double epoch, Instant at) {

    /** What a user may do to a run. */
    public enum Act {
        LAUNCHED,
        CANCELLED,
        RESUMED
    }
}
