package dev.anneal.metrics;

import dev.anneal.run.RunActedOn;
import dev.anneal.run.RunInterrupted;
import dev.anneal.run.RunPruned;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Records who launched, cancelled or resumed a run, and when, among the run's events; and why a sweep pruned it. */
@Component
class RunActs {

    private final EventLog events;

    RunActs(EventLog events) {
        this.events = events;
    }

    @EventListener
    void on(RunActedOn acted) {
        events.record(new ScheduleEvent(
                acted.runId(),
                switch (acted.act()) {
                    case LAUNCHED -> ScheduleEvent.Kind.LAUNCHED;
                    case CANCELLED -> ScheduleEvent.Kind.CANCELLED;
                    case RESUMED -> ScheduleEvent.Kind.RESUMED;
                },
                Math.toIntExact(acted.step()),
                acted.epoch(),
                null,
                "by " + acted.actor(),
                acted.at()));
    }

    @EventListener
    void on(RunInterrupted interrupted) {
        events.record(new ScheduleEvent(
                interrupted.runId(),
                ScheduleEvent.Kind.INTERRUPTED,
                Math.toIntExact(interrupted.step()),
                interrupted.epoch(),
                null,
                interrupted.reason(),
                interrupted.at()));
    }

    @EventListener
    void on(RunPruned pruned) {
        events.record(new ScheduleEvent(
                pruned.runId(),
                ScheduleEvent.Kind.PRUNED,
                Math.toIntExact(pruned.step()),
                pruned.epoch(),
                null,
                pruned.cause(),
                pruned.at()));
    }
}
