package dev.anneal.schedule;

/**
 * One cosine cycle of a schedule.
 *
 * @param index the cycle's number, 0 for the first
 * @param start the position the cycle starts at, in the schedule's unit, warmup included
 * @param length the cycle's length, in the schedule's unit
 * @param peak the rate at the cycle's first position
 */
public record Cycle(long index, double start, double length, double peak) {

    /** The position the next cycle starts at. */
    public double end() {
        return start + length;
    }
}
