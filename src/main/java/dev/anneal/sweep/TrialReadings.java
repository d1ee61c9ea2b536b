package dev.anneal.sweep;

import dev.anneal.metrics.EventLog;
import dev.anneal.metrics.MetricKey;
import dev.anneal.metrics.MetricQueries;
import dev.anneal.metrics.ScheduleEvent;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** What a trial's run has recorded that its rungs are read from: where its cycles ended, and its evaluations. */
@Component
class TrialReadings {

    /** More evaluations than any run makes, so the series comes back raw. */
    private static final int EVERY_POINT = 100_000;

    private final EventLog events;
    private final MetricQueries metrics;

    TrialReadings(EventLog events, MetricQueries metrics) {
        this.events = events;
        this.metrics = metrics;
    }

    /** Where the run's cycles ended so far: each restart, scheduled or on a plateau, ends the cycle before it. */
    List<RungLadder.Boundary> cycleEnds(UUID runId) {
        return events.of(runId).stream()
                .filter(event -> event.kind() == ScheduleEvent.Kind.RESTART
                        || event.kind() == ScheduleEvent.Kind.PLATEAU_RESTART)
                .map(event -> new RungLadder.Boundary(
                        event.step(), event.epoch(), event.cycle() == null ? 0L : Math.max(0, event.cycle() - 1)))
                .toList();
    }

    /** The run's evaluations of {@code key} so far, in step order. */
    List<RungLadder.Evaluation> evaluations(UUID runId, MetricKey key) {
        return metrics.series(runId, key, 0, Integer.MAX_VALUE, EVERY_POINT).points().stream()
                .map(point -> new RungLadder.Evaluation(point.step(), point.epoch(), point.value()))
                .toList();
    }
}
