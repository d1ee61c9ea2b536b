package dev.anneal.run;

import java.util.List;

/**
 * What an LR range test found, as its run's summary holds it under {@code range_test}.
 *
 * @param suggestedLr the methods' consensus, or {@code null} when the curve gave none
 * @param suggestions each method's suggestion
 * @param spreadDecades how many decades lie between the lowest and the highest suggestion
 * @param stop where and why the test stopped
 * @param scheduleHint a cosine schedule to start from, or {@code null} without a suggestion
 * @param warnings what makes the suggestion doubtful
 */
public record RangeTestSummary(
        Double suggestedLr,
        List<Suggestion> suggestions,
        double spreadDecades,
        Stop stop,
        ScheduleHint scheduleHint,
        List<Warning> warnings) {

    public RangeTestSummary {
        suggestions = suggestions == null ? List.of() : List.copyOf(suggestions);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /**
     * @param method the method's name: {@code valley}, {@code steepest}, {@code min_div_10}
     * @param lr the rate it suggests
     */
    public record Suggestion(String method, double lr) {}

    /**
     * @param reason {@code diverged} or {@code end_lr}
     * @param step the last step taken, counted from 0
     * @param lr that step's rate
     */
    public record Stop(String reason, long step, double lr) {}

    /**
     * @param baseLr the peak rate to start from
     * @param etaMin a deliberately modest floor
     */
    public record ScheduleHint(double baseLr, double etaMin) {}

    /**
     * @param code a stable name: {@code NEVER_DESCENDS}, {@code METHODS_DISAGREE}
     * @param message what it means
     */
    public record Warning(String code, String message) {}
}
