package dev.anneal.schedule;

/**
 * Where a position falls in a schedule, and the rate there.
 *
 * @param t the position, in the schedule's unit
 * @param phase warmup, inside a cycle, or holding {@code eta_min} after the last cycle
 * @param cycle the cycle {@code t} falls in; during warmup the first cycle, after the last cycle the last one
 * @param cycleFraction how far into {@code cycle} the position is, in {@code [0, 1]}: {@code T_cur / T_i}
 * @param lr the learning rate at {@code t}
 */
public record SchedulePosition(double t, Phase phase, Cycle cycle, double cycleFraction, double lr) {

    /** The part of a schedule a position falls in. */
    public enum Phase {
        /** The linear warmup prefix. */
        WARMUP,
        /** Inside a cosine cycle. */
        CYCLE,
        /** After the last cycle of a schedule with a cycle limit: the rate holds at {@code eta_min}. */
        HOLD
    }
}
