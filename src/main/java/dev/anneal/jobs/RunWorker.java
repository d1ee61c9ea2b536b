package dev.anneal.jobs;

import dev.anneal.run.RunStatus;
import dev.anneal.run.Runs;
import dev.anneal.training.DataException;
import dev.anneal.training.Training;
import dev.anneal.training.TrainingException;
import dev.anneal.training.TrainingObserver;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Trains one run on this process's worker slot and records its life on the run. */
@Component
class RunWorker {

    private static final Logger log = LoggerFactory.getLogger(RunWorker.class);

    /** How often progress is written to the run: often enough for a live view, rare enough to cost nothing. */
    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);

    private final Runs runs;
    private final Training training;
    private final CancellationRegistry cancellations;
    private final JsonMapper json;
    private final String worker;
    private final String codeVersion;

    RunWorker(
            Runs runs,
            Training training,
            CancellationRegistry cancellations,
            JsonMapper json,
            ObjectProvider<BuildProperties> build) {
        this.runs = runs;
        this.training = training;
        this.cancellations = cancellations;
        this.json = json;
        this.worker = ManagementFactory.getRuntimeMXBean().getName();
        var properties = build.getIfAvailable();
        this.codeVersion =
                properties == null ? "development" : properties.getVersion() + " built " + properties.getTime();
    }

    void train(UUID runId) {
        var status = runs.get(runId).status();
        if (status != RunStatus.QUEUED && status != RunStatus.RUNNING) {
            log.info("Run {} is {}; nothing to train", runId, status);
            return;
        }
        var observer = new Observer(runId);
        try {
            var outcome = training.train(TrainingPlans.of(runId, runs.spec(runId)), observer);
            if (observer.started) {
                observer.writeProgress();
                runs.describeData(
                        runId, json.writeValueAsString(outcome.summary().datasetFingerprint()), codeVersion);
            }
            String summary = json.writeValueAsString(outcome.summary());
            if (outcome.completed() && observer.started) {
                runs.succeed(runId, summary);
                return;
            }
            if (observer.started) {
                runs.summarize(runId, summary); // a cancelled run still shows what it achieved
            }
            if (cancellations.isShuttingDown() && runs.get(runId).status() == RunStatus.RUNNING) {
                runs.requeue(runId); // checkpointed; the next start of Anneal continues it
                log.info("Run {} stopped for shutdown at step {}; it resumes on the next start", runId, observer.steps);
            }
        } catch (DataException | TrainingException e) {
            fail(runId, e.getMessage(), observer);
        } catch (RuntimeException e) {
            log.error("Run {} failed unexpectedly", runId, e);
            fail(runId, "training failed unexpectedly: " + e, observer);
        } finally {
            cancellations.forget(runId);
        }
    }

    private void fail(UUID runId, String cause, Observer observer) {
        if (!observer.started) {
            runs.startOn(runId, worker, "none", 0); // a run fails from RUNNING, even when it never got to train
        }
        if (runs.get(runId).status() == RunStatus.RUNNING) {
            runs.fail(runId, cause, "{}");
        }
    }

    /** Writes progress at most once a second and stops the loop when the run was cancelled. */
    private final class Observer implements TrainingObserver {

        private final UUID runId;
        private boolean started;
        private boolean stopped;
        private long lastWrite;
        private long steps;
        private double epoch;

        Observer(UUID runId) {
            this.runId = runId;
        }

        @Override
        public void started(long totalSteps, String device) {
            started = runs.startOn(runId, worker, device, totalSteps).isPresent();
            stopped = !started;
            lastWrite = System.nanoTime();
        }

        @Override
        public boolean isStopped() {
            return stopped || cancellations.isCancelled(runId) || cancellations.isShuttingDown();
        }

        @Override
        public boolean stepped(long steps, double epoch) {
            this.steps = steps;
            this.epoch = epoch;
            if (isStopped()) {
                return false;
            }
            long now = System.nanoTime();
            if (now - lastWrite >= PROGRESS_INTERVAL.toNanos()) {
                lastWrite = now;
                // another process may have cancelled it: the run's status is the truth
                stopped = writeProgress() != RunStatus.RUNNING;
            }
            return !stopped;
        }

        RunStatus writeProgress() {
            return runs.progress(runId, steps, epoch);
        }
    }
}
