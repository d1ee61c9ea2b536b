package dev.anneal.ingest;

import dev.anneal.access.Actor;
import dev.anneal.metrics.MetricWriter;
import dev.anneal.run.Run;
import dev.anneal.run.RunStatus;
import dev.anneal.run.Runs;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The ingest module's API: stores what a script logs to its external run, and ends the run as the script says. Every
 * entry point (the native API, MLflow's, the Python client) comes through here, so their runs are alike.
 */
@Service
public class RunLogs {

    private final Runs runs;
    private final MetricWriter metrics;
    private final ScheduleReadings readings;

    RunLogs(Runs runs, MetricWriter metrics, ScheduleReadings readings) {
        this.runs = runs;
        this.metrics = metrics;
        this.readings = readings;
    }

    /**
     * Stores {@code batch} in the external run {@code runId}, all of it or, when any of it is refused (a param that
     * would change, a run that is not the actor's), none. A point logged again at the same key and step replaces the
     * one stored, so a retried request stores each point once.
     */
    @Transactional
    public Run log(UUID runId, Actor actor, LoggedBatch batch) {
        var run = runs.recordLog(runId, actor, batch.lastStep(), batch.params(), batch.tags());
        if (!batch.points().isEmpty()) {
            metrics.store(batch.points(), actor.username());
        }
        afterCommit(() -> readings.readSoon(runId)); // its schedule, or its summary, may read differently now
        return run;
    }

    /** Ends the external run {@code runId} as {@code outcome}: succeeded, failed or cancelled (killed). */
    @Transactional
    public Run finish(UUID runId, Actor actor, RunStatus outcome) {
        var run = runs.end(runId, outcome, actor);
        readings.readNow(runId); // its last batch is read before anyone sees it ended
        return run;
    }

    private static void afterCommit(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }
}
