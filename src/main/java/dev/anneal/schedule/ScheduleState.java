package dev.anneal.schedule;

/**
 * Everything a checkpoint must keep of a running schedule, so that a restored run continues with exactly the rates
 * an uninterrupted run would have had.
 *
 * <p>The cycle fields name the <em>anchor</em>: the cycle from which every later cycle follows in closed form, that
 * is the first cycle, or the one the latest plateau restart began. Keeping the anchor rather than the current cycle
 * means a restored schedule computes cycle starts with the very same arithmetic as one never interrupted, bit for
 * bit, even for a non-integer {@code t_mult}.
 *
 * @param t the last position a rate was asked for
 * @param cycleIndex the anchor cycle's index
 * @param cycleStart the anchor cycle's start position
 * @param cycleLength the anchor cycle's length
 * @param bestMetric the plateau controller's best value since the last restart, or {@code null}
 * @param evalsSinceBest evaluations since {@code bestMetric} improved
 * @param plateauRestarts plateau restarts so far
 * @param restartPending whether a plateau was detected and the next cycle starts at the next position
 * @param pendingReason why that plateau restart was decided, or {@code null}
 * @param steppedPhase the phase of the last {@linkplain AnnealingScheduler#step step}, or {@code null} before the
 *     first: what the next step's transition is told against
 * @param steppedCycle the cycle of the last step, or {@code null} before the first
 */
public record ScheduleState(
        double t,
        long cycleIndex,
        double cycleStart,
        double cycleLength,
        Double bestMetric,
        int evalsSinceBest,
        int plateauRestarts,
        boolean restartPending,
        String pendingReason,
        SchedulePosition.Phase steppedPhase,
        Long steppedCycle) {}
