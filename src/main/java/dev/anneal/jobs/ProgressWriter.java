package dev.anneal.jobs;

import dev.anneal.database.DatabaseOutages;
import dev.anneal.run.RunStatus;
import dev.anneal.run.Runs;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Writes training runs' progress off their training threads, one write in flight per run: a slow or unreachable
 * database delays the progress a page shows, never a training step. Each write also reads the run's status back, so a
 * run cancelled by another process learns of it.
 */
@Component
class ProgressWriter implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ProgressWriter.class);

    private final Runs runs;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
        var thread = new Thread(runnable, "run-progress");
        thread.setDaemon(true);
        return thread;
    });

    ProgressWriter(Runs runs) {
        this.runs = runs;
    }

    /** A reporter for one training attempt of run {@code runId}. */
    Reporter reporter(UUID runId) {
        return new Reporter(runId);
    }

    @Override
    public void destroy() {
        writer.shutdown();
    }

    /** One run's progress reports, in order. */
    final class Reporter {

        private final UUID runId;
        private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
        private volatile boolean running = true;

        private Reporter(UUID runId) {
            this.runId = runId;
        }

        /**
         * Writes {@code step} and {@code epoch} unless the previous report is still being written; the next one
         * carries the news then. During an outage reports are dropped, not queued: only the latest matters.
         */
        void report(long step, double epoch) {
            if (!last.isDone()) {
                return;
            }
            last = CompletableFuture.runAsync(() -> write(step, epoch), writer);
        }

        /** Whether the run was still {@code RUNNING} at the last report that reached the database. */
        boolean running() {
            return running;
        }

        /** Waits for the report under way, so that a later write on the caller's thread is the last word. */
        void finish() {
            last.join();
        }

        private void write(long step, double epoch) {
            try {
                running = runs.progress(runId, step, epoch) == RunStatus.RUNNING;
            } catch (RuntimeException e) {
                if (DatabaseOutages.isOutage(e)) {
                    log.debug("Progress of run {} not written: the database is unreachable", runId);
                } else {
                    log.warn("Progress of run {} not written", runId, e);
                }
            }
        }
    }
}
