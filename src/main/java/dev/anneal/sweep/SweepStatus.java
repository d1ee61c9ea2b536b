package dev.anneal.sweep;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a sweep is: {@code RUNNING} while it has trials to launch or judge, then {@code FINISHED} once every trial has
 * ended, or {@code CANCELLED} by its owner or an admin (its queued and running trials with it). Nothing moves back.
 */
public enum SweepStatus {
    RUNNING,
    FINISHED,
    CANCELLED;

    private static final Map<SweepStatus, Set<SweepStatus>> NEXT = Map.of(
            RUNNING, EnumSet.of(FINISHED, CANCELLED),
            FINISHED, EnumSet.noneOf(SweepStatus.class),
            CANCELLED, EnumSet.noneOf(SweepStatus.class));

    /** Whether a sweep in this status may move to {@code next}. */
    public boolean canMoveTo(SweepStatus next) {
        return NEXT.get(this).contains(next);
    }
}
