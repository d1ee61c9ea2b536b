package dev.anneal.schedule;

import java.util.Optional;

/**
 * Recovers the parameters of one kind of schedule from a logged rate series, on the assumption that the series
 * follows it; {@link ScheduleInference} then checks the result against every logged rate. Empty when the series
 * cannot be of this kind at all (too few points, a rise where the kind only falls).
 */
interface ScheduleFit {

    Optional<RateSchedule> fit(RateSeries series);
}
