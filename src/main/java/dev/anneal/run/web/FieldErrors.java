package dev.anneal.run.web;

import dev.anneal.run.RunSpec;
import java.util.Map;
import java.util.Optional;
import org.springframework.validation.BindException;
import org.springframework.validation.FieldError;
import org.springframework.validation.MapBindingResult;

/**
 * Collects every field-level problem of one request body, so the client learns them all in one answer rather than
 * one per attempt.
 */
final class FieldErrors {

    private final MapBindingResult result = new MapBindingResult(Map.of(), "request");

    void reject(String field, Object value, String message) {
        result.addError(new FieldError("request", field, value, false, null, null, message));
    }

    void requireNonNull(String field, Object value) {
        if (value == null) {
            reject(field, null, field + " is required");
        }
    }

    /** {@code value}, or {@code fallback} when absent; records a problem when it lies outside {@code [min, max]}. */
    int integer(String field, Integer value, int fallback, int min, int max) {
        int actual = value == null ? fallback : value;
        if (actual < min || actual > max) {
            reject(field, actual, "%s must be between %d and %d but was %d".formatted(field, min, max, actual));
        }
        return actual;
    }

    /**
     * {@code value}, or {@code fallback} when absent; records a problem when it is not finite or lies outside
     * {@code [min, max]} (or {@code (min, max]} when {@code minExclusive}).
     */
    double number(String field, Double value, double fallback, double min, boolean minExclusive, double max) {
        double actual = value == null ? fallback : value;
        boolean belowMin = minExclusive ? actual <= min : actual < min;
        if (!Double.isFinite(actual) || belowMin || actual > max) {
            reject(
                    field,
                    actual,
                    "%s must be in %s%s, %s] but was %s"
                            .formatted(field, minExclusive ? "(" : "[", plain(min), plain(max), plain(actual)));
        }
        return actual;
    }

    /** The constant of {@code type} the API spells {@code value}, {@code fallback} when absent; empty when unknown. */
    <E extends Enum<E>> Optional<E> choice(String field, String value, E fallback, Class<E> type) {
        if (value == null) {
            return Optional.of(fallback);
        }
        var found = RunSpec.fromApiName(type, value);
        if (found.isEmpty()) {
            reject(field, value, "%s must be one of %s but was %s".formatted(field, RunSpec.apiNames(type), value));
        }
        return found;
    }

    private static String plain(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : Double.toString(value);
    }

    boolean isEmpty() {
        return !result.hasErrors();
    }

    /** Throws a {@link BindException} carrying every problem collected, if there is one. */
    void throwIfAny() throws BindException {
        if (result.hasErrors()) {
            throw new BindException(result);
        }
    }
}
