package dev.anneal.schedule;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a logged rate left its plan: every stretch of logged steps at which the rate differs from the planned one by
 * more than a tolerance, relatively. A resumed scheduler that starts over, or jumps a cycle (pytorch #60265,
 * Lightning #5455), shows as a stretch from the step it went wrong.
 *
 * @param maxRelativeDeviation the largest relative difference at any logged step (the difference itself where the
 *     plan's rate is 0)
 * @param stretches the stretches of logged steps off the plan, in order
 */
public record ScheduleDepartures(double maxRelativeDeviation, List<Stretch> stretches) {

    /** How far a logged rate may be from the plan, relatively, and still be on it: rounding, not a departure. */
    public static final double TOLERANCE = 1e-9;

    /**
     * Logged steps {@code from} to {@code to} (inclusive), each off the plan, with no logged step on it between.
     *
     * @param from the first step off the plan
     * @param to the last
     * @param worst the largest relative difference among them
     */
    public record Stretch(long from, long to, double worst) {}

    public ScheduleDepartures {
        stretches = List.copyOf(stretches);
    }

    /** Whether the rate kept to its plan at every logged step. */
    public boolean kept() {
        return stretches.isEmpty();
    }

    /** Where {@code logged} leaves {@code plan}, by more than {@code tolerance} relatively. */
    public static ScheduleDepartures between(RateSchedule plan, RateSeries logged, double tolerance) {
        var curve = plan.curve();
        var stretches = new ArrayList<Stretch>();
        double max = 0;
        Stretch open = null;
        for (int i = 0; i < logged.size(); i++) {
            double planned = curve.rate(logged.step(i));
            double difference = Math.abs(logged.rate(i) - planned);
            double deviation = planned == 0 ? difference : difference / planned;
            max = Math.max(max, deviation);
            if (deviation > tolerance) {
                open = open == null
                        ? new Stretch(logged.step(i), logged.step(i), deviation)
                        : new Stretch(open.from(), logged.step(i), Math.max(open.worst(), deviation));
            } else if (open != null) {
                stretches.add(open);
                open = null;
            }
        }
        if (open != null) {
            stretches.add(open);
        }
        return new ScheduleDepartures(max, stretches);
    }
}
