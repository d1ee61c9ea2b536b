package dev.anneal.sweep;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What early stopping decided for a trial at one rung, and why: its value there, the threshold it had to reach, and
 * how many trials' values the rung held, this one's included.
 *
 * @param action whether the trial continued or was stopped
 * @param rung the rung, from 0
 * @param value the trial's metric there
 * @param threshold the worst value that continued, or {@code null} when the rung had too few values to judge
 * @param peers how many trials had values at the rung, this one included
 * @param reason the decision in words, as the trial's page and its run's events show it
 */
public record Decision(Action action, int rung, double value, Double threshold, int peers, String reason) {

    /** What happened to the trial. */
    public enum Action {
        CONTINUED,
        STOPPED;

        /** The name as the API spells it: {@code "stopped"}. */
        @JsonValue
        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
