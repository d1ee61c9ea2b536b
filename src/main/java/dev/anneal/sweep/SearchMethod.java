package dev.anneal.sweep;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a sweep chooses its configurations: every combination of the listed values, or draws from a seeded generator. */
public enum SearchMethod {
    GRID,
    RANDOM;

    /** The name as the API spells it: {@code "grid"}. */
    @JsonValue
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
