package dev.anneal.metrics;

import java.time.Instant;
import java.util.UUID;

/**
 * Something that happened to a run's schedule: a restart (scheduled, or on a plateau, with its reason), the end of
 * warmup, a checkpoint.
 *
 * @param runId the run
 * @param kind what happened
 * @param step the optimizer step it happened at
 * @param epoch the fractional epoch at that step
 * @param cycle the cycle index from that step on, or {@code null} when not about a cycle
 * @param reason why, in words, or {@code null}
 * @param wallTime when
 */
public record ScheduleEvent(
        UUID runId, Kind kind, int step, double epoch, Long cycle, String reason, Instant wallTime) {

    /** The kinds of event. */
    public enum Kind {
        /** A cycle started where the schedule planned it. */
        RESTART,
        /** A cycle started early because the watched metric stalled. */
        PLATEAU_RESTART,
        /** Linear warmup ended; the first cosine cycle began. */
        WARMUP_END,
        /** A checkpoint was written. */
        CHECKPOINT,
        /**
         * Training stopped without finishing, and the run was requeued to continue from its checkpoint: the database
         * stayed unreachable, or the server was stopped.
         */
        INTERRUPTED,
        /** Training continued from a checkpoint: after a stop, a crash or a resume; the reason says from where. */
        CONTINUED,
        /** A user launched the run; the reason names them. */
        LAUNCHED,
        /** A user cancelled the run; the reason names them. */
        CANCELLED,
        /** A user resumed the run; the reason names them. */
        RESUMED,
        /** The run's sweep stopped it early; the reason is the decision. */
        PRUNED
    }
}
