package dev.anneal.jobs;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import dev.anneal.database.DatabaseOutages;
import dev.anneal.run.RunQueued;
import dev.anneal.run.Runs;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Puts queued runs on db-scheduler's queue once the transaction that queued them has committed (so a worker never
 * picks a job whose run it cannot see yet), and again, at start-up and every few seconds, for any queued run whose
 * job is missing: a process that stopped between the two, or a run resumed while the job of its cancelled attempt
 * was still winding down (a job is keyed by its run, so that job's instance still existed and the new one was not
 * added).
 */
@Component
@ConditionalOnProperty(name = "db-scheduler.enabled", matchIfMissing = true)
class RunDispatcher {

    private static final Logger log = LoggerFactory.getLogger(RunDispatcher.class);

    private final SchedulerClient scheduler;
    private final Runs runs;
    private final Clock clock;

    RunDispatcher(SchedulerClient scheduler, Runs runs, Clock clock) {
        this.scheduler = scheduler;
        this.runs = runs;
        this.clock = clock;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void on(RunQueued event) {
        dispatch(event.runId());
    }

    @EventListener(ApplicationReadyEvent.class)
    @Scheduled(
            initialDelayString = "${anneal.jobs.dispatch-interval:10s}",
            fixedDelayString = "${anneal.jobs.dispatch-interval:10s}")
    void dispatchQueuedRuns() {
        try {
            for (UUID runId : runs.queued()) {
                if (dispatch(runId)) {
                    log.info("Re-dispatched queued run {}", runId);
                }
            }
        } catch (RuntimeException e) {
            if (!DatabaseOutages.isOutage(e)) {
                throw e;
            }
            log.warn(
                    "Queued runs not re-dispatched: the database is unreachable ({}); the next round tries again",
                    e.toString());
        }
    }

    /** Queues the training job of {@code runId} unless it is already queued; returns whether it was added. */
    private boolean dispatch(UUID runId) {
        return scheduler.scheduleIfNotExists(
                new TaskInstance<Void>(JobsConfiguration.TRAIN_RUN, runId.toString()), clock.instant());
    }
}
