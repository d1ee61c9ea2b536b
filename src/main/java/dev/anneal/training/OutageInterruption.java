package dev.anneal.training;

import dev.anneal.database.DatabaseUnavailableException;
import dev.anneal.database.OutageRetry;
import dev.anneal.metrics.EventLog;
import dev.anneal.metrics.ScheduleEvent;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * Ends a training attempt that the database left behind: once a write has waited out the whole outage tolerance,
 * training stops, and when the database is back the run's events say so and where it resumes. Training never fails
 * a run for an outage; the worker requeues it, and the resumed attempt replays the steps since the checkpoint, whose
 * writes are idempotent.
 */
final class OutageInterruption {

    private final EventLog events;
    private final Checkpoints checkpoints;
    private final OutageRetry retry;
    private final Clock clock;

    OutageInterruption(EventLog events, Checkpoints checkpoints, OutageRetry retry, Clock clock) {
        this.events = events;
        this.checkpoints = checkpoints;
        this.retry = retry;
        this.clock = clock;
    }

    /** The outage behind {@code error}, if that is what stopped training. */
    static Optional<DatabaseUnavailableException> causeOf(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof DatabaseUnavailableException outage) {
                return Optional.of(outage);
            }
        }
        return Optional.empty();
    }

    /**
     * Waits for the database to come back, records the interruption, and says why training stopped. Throws a
     * {@link DatabaseUnavailableException} when {@code observer} is stopped (the process shuts down) first.
     */
    TrainingOutcome interrupt(UUID runId, DatabaseUnavailableException outage, TrainingObserver observer) {
        String reason = retry.callOnceBack(
                "recording that the run was interrupted", () -> record(runId, outage), observer::isStopped);
        return new TrainingOutcome(false, null, reason);
    }

    private String record(UUID runId, DatabaseUnavailableException outage) {
        var resumeFrom = checkpoints.latest(runId).map(Checkpoints.Saved::state);
        long step = resumeFrom.map(LoopState::step).orElse(0L);
        double epoch = resumeFrom.map(LoopState::epoch).orElse(0); // where the resumed attempt starts
        String reason = "%s; training stopped and the run was requeued to resume from %s"
                .formatted(
                        outage.describeUntil(clock.instant()),
                        resumeFrom.isPresent() ? "its checkpoint at step %,d".formatted(step) : "the start");
        events.record(new ScheduleEvent(
                runId, ScheduleEvent.Kind.INTERRUPTED, Math.toIntExact(step), epoch, null, reason, clock.instant()));
        return reason;
    }
}
