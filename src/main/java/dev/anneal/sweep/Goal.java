package dev.anneal.sweep;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Comparator;
import java.util.Locale;

/** Whether a sweep's metric is better low (a loss) or high (an accuracy). */
public enum Goal {
    MINIMIZE,
    MAXIMIZE;

    /** Orders values best first. */
    public Comparator<Double> bestFirst() {
        return this == MINIMIZE ? Comparator.naturalOrder() : Comparator.reverseOrder();
    }

    /** Whether {@code value} is at least as good as {@code threshold}. */
    public boolean atLeastAsGood(double value, double threshold) {
        return this == MINIMIZE ? value <= threshold : value >= threshold;
    }

    /** The name as the API spells it: {@code "minimize"}. */
    @JsonValue
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
