package dev.anneal.schedule;

import java.util.ArrayList;
import java.util.List;

/** Collects every broken rule of a configuration before refusing it, so the user sees them all at once. */
final class Violations {

    private final List<ConfigViolation> found = new ArrayList<>();

    /** Requires a finite number; returns whether it was, so range checks can be skipped on NaN. */
    boolean finite(String field, double value) {
        if (Double.isFinite(value)) {
            return true;
        }
        add(field, "%s must be a finite number but was %s".formatted(field, Numbers.format(value)));
        return false;
    }

    void atLeast(String field, double value, double bound) {
        if (finite(field, value) && value < bound) {
            add(field, "%s must be >= %s but was %s".formatted(field, Numbers.format(bound), Numbers.format(value)));
        }
    }

    void greaterThan(String field, double value, double bound) {
        if (finite(field, value) && value <= bound) {
            add(field, "%s must be > %s but was %s".formatted(field, Numbers.format(bound), Numbers.format(value)));
        }
    }

    void atMost(String field, double value, double bound, String boundName) {
        if (Double.isFinite(value) && Double.isFinite(bound) && value > bound) {
            add(
                    field,
                    "%s must be <= %s (%s) but was %s"
                            .formatted(field, boundName, Numbers.format(bound), Numbers.format(value)));
        }
    }

    void add(String field, String message) {
        found.add(new ConfigViolation(field, message));
    }

    void throwIfAny() {
        if (!found.isEmpty()) {
            throw new InvalidScheduleException(found);
        }
    }
}
