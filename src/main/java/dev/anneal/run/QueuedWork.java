package dev.anneal.run;

/**
 * Training work waiting or under way: a number of runs and the optimizer steps they have left.
 *
 * @param runs how many runs
 * @param steps the steps they have left to train
 */
public record QueuedWork(long runs, long steps) {

    /** This work and {@code other} together. */
    public QueuedWork plus(QueuedWork other) {
        return new QueuedWork(runs + other.runs, steps + other.steps);
    }
}
