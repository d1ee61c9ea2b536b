package dev.anneal.metrics;

import dev.anneal.run.RunActedOn;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Records who launched, cancelled or resumed a run, and when, among the run's events. */
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
}
