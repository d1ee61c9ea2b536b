package dev.anneal.web;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.validation.BindException;
import org.springframework.validation.FieldError;
import org.springframework.validation.MapBindingResult;

/**
 * Collects every field-level problem of one request, so the client learns them all in one answer rather than one
 * per attempt: the one vocabulary every controller reports bad input in. {@link #throwIfAny()} ends the request
 * with a {@link BindException}, which the problem handler answers as {@code 400} problem details listing each field
 * and its reason.
 */
public final class FieldErrors {

    private final MapBindingResult result = new MapBindingResult(Map.of(), "request");

    /** Records that {@code field}, which was {@code value}, is wrong for the reason {@code message} gives. */
    public void reject(String field, Object value, String message) {
        result.addError(new FieldError("request", field, value, false, null, null, message));
    }

    /** Records that {@code field} is missing when {@code value} is {@code null}. */
    public void requireNonNull(String field, Object value) {
        if (value == null) {
            reject(field, null, field + " is required");
        }
    }

    /** {@code value}, or {@code fallback} when absent; records a problem when it lies outside {@code [min, max]}. */
    public int integer(String field, Integer value, int fallback, int min, int max) {
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
    public double number(String field, Double value, double fallback, double min, boolean minExclusive, double max) {
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

    /** Records a problem when the whole number {@code value} lies outside {@code [min, max]}; returns it. */
    public long wholeNumber(String field, long value, long min, long max) {
        if (value < min || value > max) {
            reject(field, value, "%s must be between %d and %d but was %d".formatted(field, min, max, value));
        }
        return value;
    }

    /**
     * The constant of {@code type} whose {@code apiName} is {@code value}, {@code fallback} when absent; empty, with
     * a problem naming every choice, when there is none.
     */
    public <E extends Enum<E>> Optional<E> choice(
            String field, String value, E fallback, Class<E> type, Function<E, String> apiName) {
        if (value == null) {
            return Optional.ofNullable(fallback);
        }
        var constants = type.getEnumConstants();
        var found = Arrays.stream(constants)
                .filter(constant -> apiName.apply(constant).equals(value))
                .findFirst();
        if (found.isEmpty()) {
            String names = Arrays.stream(constants).map(apiName).collect(Collectors.joining(", "));
            reject(field, value, "%s must be one of %s but was %s".formatted(field, names, value));
        }
        return found;
    }

    private static String plain(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : Double.toString(value);
    }

    /** Every problem recorded so far, in the order recorded. */
    public List<FieldProblem> problems() {
        return result.getFieldErrors().stream()
                .map(error -> new FieldProblem(error.getField(), error.getDefaultMessage()))
                .toList();
    }

    /** Whether a problem of {@code field} was recorded. */
    public boolean has(String field) {
        return result.hasFieldErrors(field);
    }

    /** Whether no problem was recorded. */
    public boolean isEmpty() {
        return !result.hasErrors();
    }

    /** Throws a {@link BindException} carrying every problem collected, if there is one. */
    public void throwIfAny() throws BindException {
        if (result.hasErrors()) {
            throw new BindException(result);
        }
    }
}
