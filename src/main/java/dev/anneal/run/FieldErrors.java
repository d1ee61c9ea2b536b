package dev.anneal.run;

import java.util.Map;
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
