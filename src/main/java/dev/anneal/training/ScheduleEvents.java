package dev.anneal.training;

import dev.anneal.metrics.EventLog;
import dev.anneal.metrics.ScheduleEvent;
import dev.anneal.schedule.ScheduleTransition;
import java.time.Clock;
import java.util.UUID;

/** Records the changes of course the rate source reports — warmup's end, restarts — as the run's events. */
final class ScheduleEvents implements TrainingListener {

    private final UUID runId;
    private final EventLog events;
    private final Clock clock;

    ScheduleEvents(UUID runId, EventLog events, Clock clock) {
        this.runId = runId;
        this.events = events;
        this.clock = clock;
    }

    /** Training continues from the checkpoint taken at {@code step}: the restored state's own place. */
    void continuedFrom(long step, double epoch) {
        events.record(new ScheduleEvent(
                runId,
                ScheduleEvent.Kind.CONTINUED,
                Math.toIntExact(step),
                epoch,
                null,
                "continued from its checkpoint at step %d".formatted(step),
                clock.instant()));
    }

    @Override
    public void onStepEnd(StepEnd step) {
        step.rate()
                .transition()
                .ifPresent(transition -> events.record(new ScheduleEvent(
                        runId,
                        kind(transition.kind()),
                        Math.toIntExact(step.step()),
                        step.epoch(),
                        transition.cycle(),
                        transition.reason(),
                        clock.instant())));
    }

    private static ScheduleEvent.Kind kind(ScheduleTransition.Kind kind) {
        return switch (kind) {
            case WARMUP_END -> ScheduleEvent.Kind.WARMUP_END;
            case RESTART -> ScheduleEvent.Kind.RESTART;
            case PLATEAU_RESTART -> ScheduleEvent.Kind.PLATEAU_RESTART;
        };
    }
}
