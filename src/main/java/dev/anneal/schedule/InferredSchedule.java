package dev.anneal.schedule;

/** What {@link ScheduleInference} made of a logged rate series: a schedule that reproduces it, or why there is none. */
public sealed interface InferredSchedule {

    /**
     * A schedule whose rate at every logged step is the logged rate, within {@code maxRelativeDeviation}.
     *
     * @param schedule the schedule, in steps
     * @param maxRelativeDeviation the largest relative difference at a logged step (the difference itself where the
     *     logged rate is 0)
     */
    record Recognised(RateSchedule schedule, double maxRelativeDeviation) implements InferredSchedule {}

    /**
     * No schedule Anneal knows reproduces the series.
     *
     * @param reason why, in words a user reads on the run's page
     */
    record Unrecognised(String reason) implements InferredSchedule {}
}
