package dev.anneal.finder;

import java.util.List;

/**
 * What a range test's curve says: each method's suggestion, their consensus, how far apart they lie, and the schedule
 * a researcher might start from.
 *
 * @param suggestedLr the consensus: the median of the suggestions on a log scale, or {@code null} when none was made
 * @param suggestions each method that made a suggestion, and its rate
 * @param spreadDecades how many decades lie between the lowest and the highest suggestion (0 with one or none)
 * @param scheduleHint a cosine schedule to start from, or {@code null} without a suggestion
 * @param warnings what makes the advice doubtful
 */
public record RangeAdvice(
        Double suggestedLr,
        List<Suggestion> suggestions,
        double spreadDecades,
        ScheduleHint scheduleHint,
        List<Warning> warnings) {

    public RangeAdvice {
        suggestions = List.copyOf(suggestions);
        warnings = List.copyOf(warnings);
    }

    /**
     * One method's suggestion.
     *
     * @param method its name ({@code "valley"})
     * @param lr the rate it suggests
     */
    public record Suggestion(String method, double lr) {}

    /**
     * Where a cosine schedule could start: the suggestion as its peak, and a floor two decades below it — a
     * deliberately modest {@code eta_min}, to be confirmed by a run.
     *
     * @param baseLr the peak rate
     * @param etaMin the floor
     */
    public record ScheduleHint(double baseLr, double etaMin) {}

    /**
     * Why the advice may not hold.
     *
     * @param code a stable name ({@code "NEVER_DESCENDS"})
     * @param message what it means, for a person
     */
    public record Warning(String code, String message) {}
}
