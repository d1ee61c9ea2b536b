package dev.anneal.training;

import dev.anneal.metrics.MetricKey;
import dev.anneal.metrics.MetricPoint;
import dev.anneal.metrics.MetricWriter;
import dev.anneal.schedule.RangeRamp;
import dev.anneal.schedule.SmoothedLoss;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Watches a range test's loss: smooths every step's training loss (stored as {@code smoothed_loss} beside the rate
 * and the raw loss), keeps the curve the suggestions are read from, and stops the test once the smoothed loss
 * diverges or the ramp reaches {@code end_lr}, saying which, at what step and rate.
 */
final class RangeTestWatch implements StopRule, TrainingListener {

    /** Why a range test stopped. */
    enum Reason {
        /** The smoothed loss passed {@code diverge_factor} times its best, or stopped being a number. */
        DIVERGED,
        /** The ramp took its last step, at {@code end_lr}, without diverging. */
        END_LR;

        /** The name as the API spells it: {@code "diverged"}. */
        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Where and why the test stopped.
     *
     * @param reason why
     * @param step the last step taken, counted from 0
     * @param lr that step's rate
     */
    record Stop(Reason reason, long step, double lr) {}

    private final UUID runId;
    private final RangeRamp ramp;
    private final MetricWriter.Batch metrics;
    private final long loggedFrom;
    private final SmoothedLoss smoothed;
    private final List<Double> rates = new ArrayList<>();
    private final List<Double> losses = new ArrayList<>();
    private Stop stop;

    /** A watch over one repeat of {@code ramp}, whose step {@code i} is stored at {@code loggedFrom + i}. */
    RangeTestWatch(UUID runId, RangeRamp ramp, MetricWriter.Batch metrics, long loggedFrom) {
        this.runId = runId;
        this.ramp = ramp;
        this.metrics = metrics;
        this.loggedFrom = loggedFrom;
        this.smoothed = new SmoothedLoss(ramp.smoothing(), ramp.divergeFactor());
    }

    @Override
    public void onStepEnd(StepEnd step) {
        double value = smoothed.add(step.trainLoss());
        rates.add(step.rate().lr());
        losses.add(value);
        if (Double.isFinite(value)) { // a loss that is no number is not stored: the stop says it diverged
            metrics.add(new MetricPoint(
                    runId,
                    MetricKey.SMOOTHED_LOSS,
                    Math.toIntExact(loggedFrom + step.step()),
                    step.epoch(),
                    value,
                    step.at()));
        }
    }

    @Override
    public Optional<String> stopAfter(StepEnd step, long steps) {
        if (smoothed.diverged()) {
            stop = new Stop(Reason.DIVERGED, step.step(), step.rate().lr());
        } else if (steps >= ramp.numSteps()) {
            stop = new Stop(Reason.END_LR, step.step(), step.rate().lr());
        }
        return Optional.ofNullable(stop).map(s -> s.reason().apiName());
    }

    @Override
    public void onRunEnd(RunEnd end) {
        metrics.flush();
    }

    /** Where the test stopped; empty while it runs, or when something else (a cancel) stopped it. */
    Optional<Stop> stop() {
        return Optional.ofNullable(stop);
    }

    /** Each step's rate so far, in order. */
    List<Double> rates() {
        return List.copyOf(rates);
    }

    /** Each step's smoothed loss so far, in order (NaN where the loss was no number). */
    List<Double> smoothedLosses() {
        return List.copyOf(losses);
    }
}
