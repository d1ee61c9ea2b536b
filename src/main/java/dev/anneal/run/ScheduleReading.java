package dev.anneal.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.anneal.schedule.RateSchedule;
import java.util.List;
import java.util.Locale;

/**
 * What Anneal made of the rate an external run logged: the schedule its script declared, held to the logged rates,
 * or the schedule inferred from them, or why there is none. Stored with the run and refreshed as its script logs, so
 * a run read, listed or compared shows it without reading its points again.
 *
 * @param source where the schedule comes from: {@code declared} or {@code inferred}; {@code none} without one
 * @param schedule the schedule, in steps; {@code null} for none
 * @param rateKey the metric the rate was logged under; {@code null} when the run logged none
 * @param ratePoints how many logged rates it was read from
 * @param maxRelativeDeviation the largest relative difference between the schedule and a logged rate; {@code null}
 *     without a schedule or logged rates
 * @param departures the stretches of logged steps off a declared schedule, beyond 1e-9 relative (the first
 *     {@value #MAX_DEPARTURES})
 * @param note what a person should know, in words: why nothing was recognised, why a declaration is not drawn, how
 *     to log a rate; {@code null} when there is nothing to say
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScheduleReading(
        Source source,
        RateSchedule schedule,
        String rateKey,
        long ratePoints,
        Double maxRelativeDeviation,
        List<Departure> departures,
        String note) {

    /** The most departures a reading lists. */
    public static final int MAX_DEPARTURES = 100;

    public ScheduleReading {
        departures = departures == null ? List.of() : List.copyOf(departures);
    }

    /** Where a run's schedule comes from. */
    public enum Source {
        /** Anneal trained the run along the schedule it was launched with. */
        LAUNCHED,
        /** The run's script declared its scheduler (the Python client's {@code watch}, or the create body). */
        DECLARED,
        /** Recognised in the rate the run logged. */
        INFERRED,
        /** Neither: the run logged no rate, or one no schedule Anneal knows reproduces. */
        NONE;

        /** The name as the API spells it: {@code "declared"}. */
        @JsonValue
        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Logged steps {@code from} to {@code to}, each off the declared schedule.
     *
     * @param from the first step off it
     * @param to the last
     * @param worst the largest relative difference among them
     */
    public record Departure(long from, long to, double worst) {}
}
