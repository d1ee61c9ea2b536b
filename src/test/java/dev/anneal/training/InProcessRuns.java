package dev.anneal.training;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Whole runs trained in the test's own process through {@link Training}, without the job queue: for tests that
 * compare runs exactly or stop one at an exact step.
 */
final class InProcessRuns {

    private final Training training;
    private final JdbcTemplate jdbc;
    private final Path downloads;

    InProcessRuns(Training training, JdbcTemplate jdbc, Path downloads) {
        this.training = training;
        this.jdbc = jdbc;
        this.downloads = downloads;
    }

    /** A new run, already RUNNING, in {@code experiment}: the rows its metrics and checkpoints refer to. */
    UUID create(String experiment) {
        var runId = UUID.randomUUID();
        jdbc.update("insert into experiment (id, name) values (?, ?) on conflict do nothing", runId, experiment);
        jdbc.update(
                "insert into run (id, experiment_id, name, status, config)"
                        + " select ?, id, ?, 'RUNNING', '{}' from experiment where name = ?",
                runId,
                experiment,
                experiment);
        return runId;
    }

    /**
     * Trains {@code plan} on {@code devices} from its latest checkpoint, if any, and cancels it once {@code cancelAt}
     * steps are done.
     */
    TrainingOutcome train(TrainingPlan plan, Device[] devices, long cancelAt) {
        return train(plan, devices, cancelAt, LoopParts.of(plan));
    }

    /** As {@link #train(TrainingPlan, Device[], long)}, with a loop built from {@code parts}. */
    TrainingOutcome train(TrainingPlan plan, Device[] devices, long cancelAt, LoopParts parts) {
        var data =
                new Datasets(null, downloads).prepare(plan.data(), plan.loop().seed());
        return training.train(
                plan,
                data,
                devices,
                new TrainingObserver() {
                    @Override
                    public void started(long totalSteps, String device) {}

                    @Override
                    public boolean stepped(long steps, double epoch) {
                        return steps < cancelAt;
                    }
                },
                parts);
    }
}
