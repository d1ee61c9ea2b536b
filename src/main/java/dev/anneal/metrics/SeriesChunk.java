package dev.anneal.metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A stretch of one series' points kept together (issue 25's metric store): their values exact, and what else a point
 * carries in the least room it fits. Steps are implicit from the first when they are consecutive (a trained run's
 * every-step keys), listed when not (evaluations, a script's gaps); epochs follow from the steps when one steps-per-
 * epoch ratio gives every one exactly (training's {@code step / stepsPerEpoch}) or are all one number (a script's),
 * else listed; wall times are milliseconds after the first point's, which a compressed array stores in a few bits
 * a point when a series is logged at a steady pace. The smallest, largest and last values summarise the chunk, so a
 * downsampled read of a long series need not open it.
 *
 * @param firstStep the first point's step
 * @param steps every point's step, or {@code null} when they run consecutively from {@code firstStep}
 * @param values every point's value, in step order
 * @param epochs how the points' epochs are kept
 * @param firstWallMillis the first point's wall time, in milliseconds since the epoch
 * @param wallOffsets each point's wall time, in milliseconds after the first's
 */
record SeriesChunk(
        int firstStep, int[] steps, double[] values, Epochs epochs, long firstWallMillis, long[] wallOffsets) {

    /**
     * The most points a chunk holds: 992 doubles and their array's header fill four of PostgreSQL's TOAST chunks
     * (1 996 bytes each), a page, with nothing left over. At 1 000 they spilled into a fifth, nearly empty TOAST chunk,
     * and the store took 22 % more room than its values (measured with MetricStoreBenchmark).
     */
    static final int MAX_POINTS = 992;

    /**
     * One point as a chunk takes it in and gives it back.
     *
     * @param step its step
     * @param epoch its fractional epoch
     * @param value its value
     * @param wallTime when it was logged, to the millisecond
     */
    record Point(int step, double epoch, double value, Instant wallTime) {}

    /**
     * How a chunk keeps its points' epochs: one number for all of them ({@code constant}), a ratio each point's step
     * is divided by ({@code stepsPerEpoch}), or every one ({@code listed}); exactly one of the three is given.
     *
     * @param constant every point's epoch, or {@code null}
     * @param stepsPerEpoch the divisor of each point's step that gives its epoch exactly, or {@code null}
     * @param listed every point's epoch, or {@code null}
     */
    record Epochs(Double constant, Double stepsPerEpoch, double[] listed) {

        /** The smallest form that gives back every one of {@code epochs} at {@code steps} exactly. */
        static Epochs of(int[] steps, double[] epochs) {
            if (allEqual(epochs)) {
                return new Epochs(epochs[0], null, null);
            }
            int last = steps.length - 1;
            double ratio = steps[last] / epochs[last];
            // training divides by a whole number of steps an epoch, which the division back may miss by a bit
            for (double candidate : new double[] {Math.rint(ratio), ratio}) {
                if (Double.isFinite(candidate) && candidate > 0 && divides(candidate, steps, epochs)) {
                    return new Epochs(null, candidate, null);
                }
            }
            return new Epochs(null, null, epochs.clone());
        }

        private static boolean divides(double stepsPerEpoch, int[] steps, double[] epochs) {
            for (int i = 0; i < steps.length; i++) {
                if (Double.compare(steps[i] / stepsPerEpoch, epochs[i]) != 0) {
                    return false;
                }
            }
            return true;
        }

        double at(int index, int step) {
            if (constant != null) {
                return constant;
            }
            return stepsPerEpoch != null ? step / stepsPerEpoch : listed[index];
        }

        private static boolean allEqual(double[] epochs) {
            for (double epoch : epochs) {
                if (Double.compare(epoch, epochs[0]) != 0) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * The chunk of {@code points}: at least one and at most {@value #MAX_POINTS}, in increasing step order, each step
     * once.
     */
    static SeriesChunk of(List<Point> points) {
        int n = points.size();
        if (n == 0 || n > MAX_POINTS) {
            throw new IllegalArgumentException("a chunk holds 1 to %d points, not %d".formatted(MAX_POINTS, n));
        }
        int[] steps = new int[n];
        double[] values = new double[n];
        double[] epochs = new double[n];
        long firstWall = points.get(0).wallTime().toEpochMilli();
        long[] offsets = new long[n];
        for (int i = 0; i < n; i++) {
            var point = points.get(i);
            steps[i] = point.step();
            if (i > 0 && steps[i] <= steps[i - 1]) {
                throw new IllegalArgumentException(
                        "a chunk's steps increase, but %d follows %d".formatted(steps[i], steps[i - 1]));
            }
            values[i] = point.value();
            epochs[i] = point.epoch();
            offsets[i] = point.wallTime().toEpochMilli() - firstWall;
        }
        boolean consecutive = steps[n - 1] - steps[0] == n - 1;
        return new SeriesChunk(
                steps[0], consecutive ? null : steps, values, Epochs.of(steps, epochs), firstWall, offsets);
    }

    /** How many points. */
    int count() {
        return values.length;
    }

    /** The {@code index}th point's step. */
    int stepAt(int index) {
        return steps == null ? firstStep + index : steps[index];
    }

    /** The last point's step. */
    int lastStep() {
        return stepAt(values.length - 1);
    }

    /**
     * The smallest value, as PostgreSQL orders doubles (NaN above every number, so the smallest is NaN only when all
     * are): what today's rollups give, so a chart reads the same from either.
     */
    double min() {
        double min = Double.NaN;
        for (double value : values) {
            if (Double.isNaN(min) || value < min) {
                min = value;
            }
        }
        return min;
    }

    /** The largest value, as PostgreSQL orders doubles: NaN when any value is. */
    double max() {
        double max = Double.NEGATIVE_INFINITY;
        for (double value : values) {
            if (Double.isNaN(value)) {
                return value;
            }
            max = Math.max(max, value);
        }
        return max;
    }

    /** The last value. */
    double last() {
        return values[values.length - 1];
    }

    /** Every point, as it was taken in. */
    List<Point> points() {
        var points = new ArrayList<Point>(values.length);
        for (int i = 0; i < values.length; i++) {
            int step = stepAt(i);
            points.add(new Point(
                    step, epochs.at(i, step), values[i], Instant.ofEpochMilli(firstWallMillis + wallOffsets[i])));
        }
        return points;
    }
}
