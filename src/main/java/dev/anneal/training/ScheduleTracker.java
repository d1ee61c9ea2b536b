package dev.anneal.training;

import ai.djl.training.tracker.Tracker;

/**
 * Hands the rate source's rate to the optimizer. Optimizers count updates from 1 (as DJL's do); the loop counts
 * completed steps from 0 (the PyTorch convention), so update {@code n} is trained at step {@code n - 1}. The offset
 * is undone here and nowhere else.
 */
final class ScheduleTracker implements Tracker {

    private final RateSource rates;

    ScheduleTracker(RateSource rates) {
        this.rates = rates;
    }

    @Override
    public float getNewValue(int numUpdate) {
        // computed in double, handed to the optimizer as float at the last moment
        return (float) rates.rateAt(numUpdate - 1L);
    }
}
