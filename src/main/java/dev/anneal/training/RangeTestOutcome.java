package dev.anneal.training;

import java.util.List;

/**
 * What an LR range test recorded: each repeat's curve and where it stopped. The suggestions are read from it
 * elsewhere (the finder module); training only trains.
 *
 * @param repeats each repeat, in order, the first with the run's seed and each next with the next seed
 */
public record RangeTestOutcome(List<Repeat> repeats) {

    public RangeTestOutcome {
        repeats = List.copyOf(repeats);
    }

    /**
     * One pass along the ramp with a fresh model.
     *
     * @param rates each step's rate
     * @param smoothedLosses each step's smoothed loss (NaN where the loss was no number)
     * @param stop where and why it stopped
     */
    public record Repeat(List<Double> rates, List<Double> smoothedLosses, Stop stop) {

        public Repeat {
            rates = List.copyOf(rates);
            smoothedLosses = List.copyOf(smoothedLosses);
        }
    }

    /**
     * @param reason {@code diverged} or {@code end_lr}
     * @param step the last step taken, counted from 0
     * @param lr that step's rate
     */
    public record Stop(String reason, long step, double lr) {}
}
