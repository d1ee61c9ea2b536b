package dev.anneal.training;

import ai.djl.training.tracker.Tracker;
import dev.anneal.schedule.AnnealingScheduler;
import dev.anneal.schedule.ScheduleUnit;

/**
 * Hands the schedule's rate to DJL. DJL counts updates from 1; the schedule counts completed updates from 0 (the
 * PyTorch convention), so update {@code n} is trained at position {@code n - 1} (in epochs: {@code (n - 1) /
 * steps_per_epoch}). The offset is undone here and nowhere else.
 */
final class ScheduleTracker implements Tracker {

    private final AnnealingScheduler scheduler;
    private final int stepsPerEpoch;

    ScheduleTracker(AnnealingScheduler scheduler, int stepsPerEpoch) {
        this.scheduler = scheduler;
        this.stepsPerEpoch = stepsPerEpoch;
    }

    /** The schedule position of the optimizer step with 0-based index {@code step}. */
    double position(long step) {
        return scheduler.config().unit() == ScheduleUnit.EPOCH ? (double) step / stepsPerEpoch : step;
    }

    @Override
    public float getNewValue(int numUpdate) {
        // computed in double, handed to DJL as float at the last moment
        return (float) scheduler.rateAt(position(numUpdate - 1L));
    }
}
