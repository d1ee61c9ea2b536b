package dev.anneal.schedule;

/**
 * A change of course the schedule makes at one step: warmup ended, a scheduled restart into the next cycle, or a
 * restart cut short by a plateau of the watched metric.
 *
 * @param kind which change
 * @param cycle the cycle the schedule is in from this step on
 * @param fromCycle the cycle it was in at the step before: the cycle that ended, for a restart
 * @param reason why: {@code "scheduled"} for a scheduled restart, the plateau's description for a plateau restart,
 *     {@code null} at the end of warmup
 */
public record ScheduleTransition(Kind kind, long cycle, long fromCycle, String reason) {

    /** The changes of course a schedule makes. */
    public enum Kind {
        /** The linear warmup is over: the first cosine cycle begins. */
        WARMUP_END,
        /** A cycle ran its length: the next one begins at its peak. */
        RESTART,
        /** The watched metric stopped improving: the next cycle begins early. */
        PLATEAU_RESTART;

        /** Whether the schedule leaves a cycle here (the rate was at that cycle's floor, or on its way down). */
        public boolean endsACycle() {
            return this != WARMUP_END;
        }
    }
}
