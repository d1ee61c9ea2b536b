package dev.anneal.schedule;

import java.util.ArrayList;
import java.util.List;

/**
 * The rates a schedule gives at a set of positions, the cycles those positions cross, and the warnings a researcher
 * wants before spending GPU hours on it.
 *
 * @param points the rate at each requested position, in order of request
 * @param cycles the cycles the positions overlap, in order
 * @param warnings what looks like a mistake in the schedule for this run length
 */
public record SchedulePreview(List<Point> points, List<Cycle> cycles, List<Warning> warnings) {

    /** The most positions one preview computes. */
    public static final int MAX_POINTS = 100_000;

    /** The most cycles one preview lists; a chart cannot show more, and a short {@code t_max} crosses billions. */
    public static final int MAX_CYCLES = 1_000;

    /**
     * The furthest position a preview computes, in the schedule's unit: past any run Anneal trains (10 000 epochs of
     * the largest dataset, one example a step), and near enough that the shortest {@code t_max} still counts its
     * cycles exactly.
     */
    public static final double MAX_POSITION = 1e9;

    /**
     * A rate at a position.
     *
     * @param t the position, in the schedule's unit
     * @param lr the learning rate there
     */
    public record Point(double t, double lr) {}

    /**
     * Something in the schedule that looks like a mistake.
     *
     * @param code a stable identifier, for tools and for the UI to key on
     * @param message what is wrong and what to do about it
     */
    public record Warning(String code, String message) {}

    /**
     * The preview of a whole run of {@code totalSteps} optimizer steps: one point per step, at
     * {@code t = step / stepsPerEpoch} for an epoch schedule ({@code stepsPerEpoch} is ignored for a step schedule).
     */
    public static SchedulePreview ofRun(RateSchedule schedule, int totalSteps, int stepsPerEpoch) {
        checkSize(totalSteps);
        boolean epochs = schedule.unit() == ScheduleUnit.EPOCH;
        double[] positions = new double[totalSteps];
        for (int step = 0; step < totalSteps; step++) {
            positions[step] = epochs ? (double) step / stepsPerEpoch : step;
        }
        var curve = schedule.curve();
        double last = positions[totalSteps - 1];
        double runEnd = epochs ? (double) totalSteps / stepsPerEpoch : totalSteps;
        return listing(curve, positions, 0, last, curve.runWarnings(runEnd, last));
    }

    /** The preview at explicit, possibly fractional, positions; only the configuration itself is judged. */
    public static SchedulePreview at(RateSchedule schedule, double[] positions) {
        checkSize(positions.length);
        var curve = schedule.curve();
        double from = Double.POSITIVE_INFINITY;
        double to = Double.NEGATIVE_INFINITY;
        for (double t : positions) {
            checkPosition(t);
            from = Math.min(from, t);
            to = Math.max(to, t);
        }
        return listing(curve, positions, from, to, curve.configWarnings());
    }

    private static SchedulePreview listing(
            RateCurve curve, double[] positions, double from, double to, List<Warning> warnings) {
        var cycles = curve.cyclesBetween(from, to, MAX_CYCLES + 1);
        if (cycles.size() <= MAX_CYCLES) {
            return new SchedulePreview(rates(curve, positions), cycles, warnings);
        }
        var noted = new ArrayList<>(warnings);
        noted.add(new Warning(
                "CYCLES_NOT_ALL_LISTED",
                "the positions cross more than %d cycles; the first %d are listed".formatted(MAX_CYCLES, MAX_CYCLES)));
        return new SchedulePreview(rates(curve, positions), cycles.subList(0, MAX_CYCLES), noted);
    }

    private static List<Point> rates(RateCurve curve, double[] positions) {
        var points = new ArrayList<Point>(positions.length);
        for (double t : positions) {
            points.add(new Point(t, curve.rate(t)));
        }
        return points;
    }

    private static void checkPosition(double t) {
        if (!(t >= 0 && t <= MAX_POSITION)) {
            throw new IllegalArgumentException("a preview's positions must lie in [0, %s] but one was %s"
                    .formatted(Numbers.format(MAX_POSITION), Numbers.format(t)));
        }
    }

    private static void checkSize(int size) {
        if (size < 1 || size > MAX_POINTS) {
            throw new IllegalArgumentException(
                    "a preview needs between 1 and %d positions but got %d".formatted(MAX_POINTS, size));
        }
    }
}
