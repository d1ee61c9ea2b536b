package dev.anneal.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Equal-width step buckets a series is downsampled into: each bucket's last point and its smallest and largest value,
 * compared as PostgreSQL compares doubles (NaN above every number), as the store's chunk summaries are. Points or
 * whole chunks are added in any order; empty buckets are left out.
 */
final class SeriesBuckets {

    private final int origin;
    private final long span;
    private final int count;
    private final boolean[] filled;
    private final int[] lastSteps;
    private final double[] lastEpochs;
    private final double[] lastValues;
    private final double[] mins;
    private final double[] maxs;

    /** {@code count} buckets of steps {@code origin} (inclusive) to {@code end} (exclusive). */
    SeriesBuckets(int origin, long end, int count) {
        this.origin = origin;
        this.span = Math.max(1, end - origin);
        this.count = count;
        this.filled = new boolean[count];
        this.lastSteps = new int[count];
        this.lastEpochs = new double[count];
        this.lastValues = new double[count];
        this.mins = new double[count];
        this.maxs = new double[count];
    }

    /**
     * Adds points whose first step is {@code at} and last {@code lastStep}, with that last point's epoch and value and
     * their smallest and largest value: one point, or a chunk's summary counted whole in the bucket of its start.
     */
    void add(int at, int lastStep, double lastEpoch, double last, double min, double max) {
        int bucket = (int) Math.min(count - 1, Math.max(0, (at - (long) origin) * count / span));
        if (!filled[bucket]) {
            filled[bucket] = true;
            lastSteps[bucket] = lastStep;
            lastEpochs[bucket] = lastEpoch;
            lastValues[bucket] = last;
            mins[bucket] = min;
            maxs[bucket] = max;
            return;
        }
        if (lastStep > lastSteps[bucket]) {
            lastSteps[bucket] = lastStep;
            lastEpochs[bucket] = lastEpoch;
            lastValues[bucket] = last;
        }
        mins[bucket] = smaller(mins[bucket], min);
        maxs[bucket] = larger(maxs[bucket], max);
    }

    /** The filled buckets in step order. */
    List<Series.Point> points() {
        var points = new ArrayList<Series.Point>();
        for (int i = 0; i < count; i++) {
            if (filled[i]) {
                points.add(new Series.Point(lastSteps[i], lastEpochs[i], lastValues[i], mins[i], maxs[i]));
            }
        }
        return points;
    }

    /** The smaller as PostgreSQL orders doubles: NaN only when both are. */
    static double smaller(double a, double b) {
        if (Double.isNaN(a)) {
            return b;
        }
        return Double.isNaN(b) ? a : Math.min(a, b);
    }

    /** The larger as PostgreSQL orders doubles: NaN when either is. */
    static double larger(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b);
    }
}
