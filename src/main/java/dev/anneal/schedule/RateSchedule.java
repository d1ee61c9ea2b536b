package dev.anneal.schedule;

/**
 * A learning-rate schedule of any kind a run trains along: cosine annealing ({@link ScheduleConfig}) or one of the
 * baselines it is judged against ({@link BaselineSchedule}). Each is a validated, immutable value; {@link #curve()}
 * gives its rate at every position.
 */
public sealed interface RateSchedule permits ScheduleConfig, BaselineSchedule {

    /** Which kind of schedule this is. */
    ScheduleKind kind();

    /** The rate the schedule is built around: cosine's first peak, one-cycle's peak, the baselines' starting rate. */
    double baseLr();

    /** What a position counts: optimizer steps or fractional epochs. */
    ScheduleUnit unit();

    /** The schedule's rate at every position, its cycles, and what looks like a mistake in it. */
    RateCurve curve();
}
