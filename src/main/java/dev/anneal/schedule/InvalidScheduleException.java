package dev.anneal.schedule;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a schedule configuration breaks one or more of its rules; carries every violation found. */
public final class InvalidScheduleException extends IllegalArgumentException {

    private final List<ConfigViolation> violations;

    InvalidScheduleException(List<ConfigViolation> violations) {
        super(violations.stream().map(ConfigViolation::message).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    /** Every rule the configuration breaks, in field order. */
    public List<ConfigViolation> violations() {
        return violations;
    }
}
