package dev.anneal.schedule;

import dev.anneal.schedule.SchedulePreview.Warning;
import java.util.List;

/** A schedule as a function of position: what a preview draws, whatever the schedule's kind. */
public interface RateCurve {

    /** The rate at position {@code t >= 0}, in the schedule's unit. */
    double rate(double t);

    /**
     * The first {@code limit} cycles overlapping {@code [from, to]}, in order; none for a schedule without cycles.
     * The limit bounds the work: a short {@code t_max} puts billions of cycles into a long range.
     */
    List<Cycle> cyclesBetween(double from, double to, int limit);

    /** What looks like a mistake in the schedule itself, whatever the run's length. */
    List<Warning> configWarnings();

    /**
     * What looks like a mistake in the schedule for a run that ends at {@code runEnd} (in the schedule's unit) with
     * its last step at {@code lastPosition}; includes {@link #configWarnings()}.
     */
    List<Warning> runWarnings(double runEnd, double lastPosition);
}
