package dev.anneal.training;

import dev.anneal.metrics.MetricKey;
import dev.anneal.metrics.MetricPoint;
import dev.anneal.metrics.MetricWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Logs a run's metrics through the metrics module: every step's rate, cycle, gradient norm and loss, every
 * evaluation, and the test accuracy at the end. Everything up to an evaluation is stored before training goes on:
 * it is a point a user may look at.
 */
final class MetricLog implements TrainingListener {

    private final UUID runId;
    private final MetricWriter.Batch metrics;
    private final Clock clock;
    private final long loggedFrom;

    /** A log that stores step {@code i} at {@code loggedFrom + i} (a range test's later repeats follow its first). */
    MetricLog(UUID runId, MetricWriter.Batch metrics, Clock clock, long loggedFrom) {
        this.runId = runId;
        this.metrics = metrics;
        this.clock = clock;
        this.loggedFrom = loggedFrom;
    }

    @Override
    public void onStepEnd(StepEnd step) {
        add(MetricKey.LR, step.step(), step.epoch(), step.rate().lr(), step.at());
        step.rate().place().ifPresent(place -> {
            add(MetricKey.CYCLE, step.step(), step.epoch(), place.cycle(), step.at());
            add(MetricKey.CYCLE_POS, step.step(), step.epoch(), place.fraction(), step.at());
        });
        add(MetricKey.GRAD_NORM, step.step(), step.epoch(), step.gradNorm(), step.at());
        add(MetricKey.TRAIN_LOSS, step.step(), step.epoch(), step.trainLoss(), step.at());
    }

    @Override
    public void onEvaluation(long steps, double epoch, Evaluation result) {
        var now = clock.instant();
        add(MetricKey.VAL_LOSS, steps, epoch, result.loss(), now);
        if (!Double.isNaN(result.accuracy())) {
            add(MetricKey.VAL_ACC, steps, epoch, result.accuracy(), now);
        }
        metrics.flush();
    }

    @Override
    public void onRunEnd(RunEnd end) {
        if (end.testAccuracy() != null) {
            add(MetricKey.TEST_ACC, end.steps(), end.epoch(), end.testAccuracy(), clock.instant());
        }
        metrics.flush();
    }

    /** Stores every point logged so far: a checkpoint never claims steps whose metrics are not stored. */
    void flush() {
        metrics.flush();
    }

    private void add(MetricKey key, long step, double epoch, double value, Instant at) {
        metrics.add(new MetricPoint(runId, key, Math.toIntExact(loggedFrom + step), epoch, value, at));
    }
}
