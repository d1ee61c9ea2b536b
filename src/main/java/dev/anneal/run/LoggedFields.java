package dev.anneal.run;

import dev.anneal.web.FieldErrors;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rules for what a script logs to its run besides metrics, MLflow's own so that a script moves between the two
 * unchanged: a param's or tag's key is 1–{@value #MAX_KEY} letters, digits, spaces and {@code _ - . /}; a param's
 * value at most {@value #MAX_PARAM_VALUE} characters, a tag's {@value #MAX_TAG_VALUE}. A value may be given as a
 * number or a boolean, which is kept as its text, as MLflow's clients send it.
 */
public final class LoggedFields {

    /** The longest key. */
    public static final int MAX_KEY = 250;

    /** The longest param value, MLflow's. */
    public static final int MAX_PARAM_VALUE = 6000;

    /** The longest tag value, MLflow's. */
    public static final int MAX_TAG_VALUE = 8000;

    /** The most params a run holds, and the most tags: a bound on one run's rows, far past any real script's. */
    public static final int MAX_PER_RUN = 10_000;

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_\\-./ ]{1,%d}".formatted(MAX_KEY));

    private LoggedFields() {}

    /** Whether {@code key} may name a param or a tag. */
    public static boolean isKey(String key) {
        return key != null && KEY.matcher(key).matches();
    }

    /** {@code given} as params, each problem recorded in {@code errors} under {@code field.key}. */
    public static Map<String, String> params(String field, Map<String, ?> given, FieldErrors errors) {
        return read(field, given, MAX_PARAM_VALUE, errors);
    }

    /** {@code given} as tags, each problem recorded in {@code errors} under {@code field.key}. */
    public static Map<String, String> tags(String field, Map<String, ?> given, FieldErrors errors) {
        return read(field, given, MAX_TAG_VALUE, errors);
    }

    /** The rule for keys, and how {@code key} breaks it, in words a caller reads. */
    public static String keyRule(String key) {
        String shown = key == null ? "missing" : '"' + (key.length() > 60 ? key.substring(0, 60) + "…" : key) + '"';
        return "a key is 1 to %d letters, digits, spaces and _ - . / but was %s".formatted(MAX_KEY, shown);
    }

    private static Map<String, String> read(String field, Map<String, ?> given, int maxValue, FieldErrors errors) {
        var read = new LinkedHashMap<String, String>();
        if (given == null) {
            return read;
        }
        given.forEach((key, raw) -> {
            String at = field + "." + key;
            if (!isKey(key)) {
                errors.reject(field, key, field + ": " + keyRule(key));
                return;
            }
            var value = text(raw);
            if (value == null) {
                errors.reject(at, null, at + " must be a string, a number or a boolean");
            } else if (value.indexOf('\u0000') >= 0) {
                errors.reject(at, null, at + " must not contain the NUL character (U+0000)");
            } else if (value.length() > maxValue) {
                errors.reject(
                        at,
                        null,
                        "%s must be at most %d characters but was %d".formatted(at, maxValue, value.length()));
            } else {
                read.put(key, value);
            }
        });
        return read;
    }

    private static String text(Object raw) {
        if (raw instanceof String text) {
            return text;
        }
        if (raw instanceof Boolean || raw instanceof Integer || raw instanceof Long) {
            return raw.toString();
        }
        if (raw instanceof BigDecimal decimal) {
            return decimal.toString();
        }
        if (raw instanceof Number number) {
            return Double.toString(number.doubleValue());
        }
        return null;
    }
}
