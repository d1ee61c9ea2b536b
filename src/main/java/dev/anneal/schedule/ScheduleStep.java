package dev.anneal.schedule;

import java.util.Optional;

/**
 * What the schedule does at one training step: where the step falls and its rate, and the change of course it makes
 * there, if any.
 *
 * @param position where the step falls in the schedule, and its rate
 * @param transition the change of course the schedule makes at this step, if any
 */
public record ScheduleStep(SchedulePosition position, Optional<ScheduleTransition> transition) {}
