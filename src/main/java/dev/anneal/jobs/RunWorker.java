package dev.anneal.jobs;

import dev.anneal.database.DatabaseUnavailableException;
import dev.anneal.database.OutageRetry;
import dev.anneal.library.TrainedModels;
import dev.anneal.run.RunStatus;
import dev.anneal.run.RunSummary;
import dev.anneal.run.Runs;
import dev.anneal.training.DataException;
import dev.anneal.training.Training;
import dev.anneal.training.TrainingException;
import dev.anneal.training.TrainingObserver;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.stereotype.Component;

/**
 * Trains one run on this process's worker slot and records its life on the run. Its writes to the run wait out a
 * database outage ({@link OutageRetry}); one longer than the outage tolerance requeues the run instead of failing it.
 */
@Component
class RunWorker {

    private static final Logger log = LoggerFactory.getLogger(RunWorker.class);

    /** How often progress is written to the run: often enough for a live view, rare enough to cost nothing. */
    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);

    private final Runs runs;
    private final Training training;
    private final CancellationRegistry cancellations;
    private final OutageRetry retry;
    private final ProgressWriter progressWriter;
    /** Runs training in this process: the job queue may hand one out again after an outage hid its heartbeats. */
    private final Set<UUID> trainingHere = ConcurrentHashMap.newKeySet();

    private final UploadedDataReader uploadedData;
    private final UploadedModelReader uploadedModels;
    private final TrainedModels trainedModels;
    private final String worker;
    private final String codeVersion;

    RunWorker(
            Runs runs,
            Training training,
            CancellationRegistry cancellations,
            OutageRetry retry,
            ProgressWriter progressWriter,
            UploadedDataReader uploadedData,
            UploadedModelReader uploadedModels,
            TrainedModels trainedModels,
            ObjectProvider<BuildProperties> build) {
        this.trainedModels = trainedModels;
        this.uploadedModels = uploadedModels;
        this.progressWriter = progressWriter;
        this.uploadedData = uploadedData;
        this.runs = runs;
        this.retry = retry;
        this.training = training;
        this.cancellations = cancellations;
        this.worker = ManagementFactory.getRuntimeMXBean().getName();
        var properties = build.getIfAvailable();
        this.codeVersion =
                properties == null ? "development" : properties.getVersion() + " built " + properties.getTime();
    }

    void train(UUID runId) {
        if (!trainingHere.add(runId)) {
            log.warn("Run {} is already training in this process; this second execution does nothing", runId);
            return;
        }
        try {
            trainOnce(runId);
        } catch (DatabaseUnavailableException e) {
            leaveForRecovery(runId, e);
        } finally {
            trainingHere.remove(runId);
            cancellations.forget(runId);
        }
    }

    private void keepTrainedModel(UUID runId, int snapshot, java.nio.file.Path file) {
        try {
            retry.run("keeping the trained model", () -> {
                try {
                    trainedModels.keep(runId, snapshot, file);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw new TrainingException(
                    "the trained model could not be kept: " + e.getCause().getMessage());
        }
    }

    private void trainOnce(UUID runId) {
        var status = runs.get(runId).status();
        if (status != RunStatus.QUEUED && status != RunStatus.RUNNING) {
            log.info("Run {} is {}; nothing to train", runId, status);
            return;
        }
        var observer = new Observer(runId);
        try {
            var outcome = training.train(
                    TrainingPlans.of(runId, runs.spec(runId), uploadedData::reading, uploadedModels::file), observer);
            if (outcome.interrupted()) {
                retry.run("requeueing the run", () -> requeueIfRunning(runId));
                log.warn("Run {} requeued: {}", runId, outcome.interruption());
                return;
            }
            if (observer.started) {
                observer.writeProgressNow();
                retry.run(
                        "recording the run's data",
                        () -> runs.describeData(runId, RunSummaries.fingerprintOf(outcome.summary()), codeVersion));
            }
            var trained = RunSummaries.of(outcome.summary());
            var summary = outcome.rangeTest() == null
                    ? trained
                    : trained.withRangeTest(RangeTestFindings.of(outcome.rangeTest()));
            if (outcome.trainedModel() != null) {
                // handed back before anyone sees the run succeed
                keepTrainedModel(runId, TrainedModels.FINAL, outcome.trainedModel());
            }
            for (int i = 0; i < outcome.snapshotModels().size(); i++) {
                keepTrainedModel(runId, i, outcome.snapshotModels().get(i));
            }
            if (outcome.completed() && observer.started) {
                retry.run("recording the run's success", () -> {
                    if (runs.get(runId).status() == RunStatus.RUNNING) { // a retried commit may have landed
                        runs.succeed(runId, summary);
                    }
                });
                return;
            }
            if (observer.started) {
                // a cancelled run still shows what it achieved
                retry.run("recording the run's summary", () -> runs.summarize(runId, summary));
            }
            if (cancellations.isShuttingDown()) {
                // checkpointed at this very step; the next start of Anneal continues it from there
                if (observer.started) {
                    observer.writeProgressNow();
                }
                retry.run("requeueing the run", () -> {
                    if (runs.get(runId).status() == RunStatus.RUNNING) {
                        runs.requeue(
                                runId,
                                "the server was stopped: checkpointed at step %d, where the run continues on the next start"
                                        .formatted(observer.steps));
                    }
                });
                log.info("Run {} stopped for shutdown at step {}; it resumes on the next start", runId, observer.steps);
            }
        } catch (DataException | TrainingException e) {
            fail(runId, e.getMessage(), observer);
        } catch (DatabaseUnavailableException e) {
            throw e; // no failure: train() requeues the run once the database is back
        } catch (RuntimeException e) {
            log.error("Run {} failed unexpectedly", runId, e);
            fail(runId, FailureCauses.describe(e), observer);
        }
    }

    /**
     * A write gave up on the database: once it is back, the run goes back in the queue to resume from its
     * checkpoint. A process that stops first leaves it RUNNING, and the heartbeat check of the next process to start
     * resumes it.
     */
    private void leaveForRecovery(UUID runId, DatabaseUnavailableException outage) {
        log.warn("Run {} stopped: {}", runId, outage.getMessage());
        try {
            retry.callOnceBack(
                    "requeueing the run",
                    () -> {
                        requeueIfRunning(runId);
                        return null;
                    },
                    cancellations::isShuttingDown);
        } catch (DatabaseUnavailableException stillDown) {
            log.warn("Run {} left for the next start to resume: {}", runId, stillDown.getMessage());
        }
    }

    private void requeueIfRunning(UUID runId) {
        if (runs.get(runId).status() == RunStatus.RUNNING) {
            runs.requeue(runId);
        }
    }

    private void fail(UUID runId, String cause, Observer observer) {
        retry.run("recording the run's failure", () -> {
            if (!observer.started) {
                runs.startOn(runId, worker, "none", 0); // a run fails from RUNNING, even when it never got to train
            }
            if (runs.get(runId).status() == RunStatus.RUNNING) {
                runs.fail(runId, cause, RunSummary.NONE);
            }
        });
    }

    /** Writes progress at most once a second and stops the loop when the run was cancelled. */
    private final class Observer implements TrainingObserver {

        private final UUID runId;
        private final ProgressWriter.Reporter progress;
        private boolean started;
        private boolean stopped;
        private long lastWrite;
        private long steps;
        private double epoch;

        Observer(UUID runId) {
            this.runId = runId;
            this.progress = progressWriter.reporter(runId);
        }

        @Override
        public void started(long totalSteps, String device) {
            started = runs.startOn(runId, worker, device, totalSteps).isPresent();
            stopped = !started;
            lastWrite = System.nanoTime();
        }

        @Override
        public boolean isStopped() {
            // another process may have cancelled it: the run's status, as the last progress write read it, is the truth
            return stopped || !progress.running() || cancellations.isCancelled(runId) || cancellations.isShuttingDown();
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
                progress.report(steps, epoch);
            }
            return true;
        }

        /** The last progress, written through an outage after any report still under way. */
        void writeProgressNow() {
            progress.finish();
            retry.run("recording the run's progress", () -> runs.progress(runId, steps, epoch));
        }
    }
}
