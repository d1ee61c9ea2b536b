package dev.anneal.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A PyTorch scheduler declared in a run's params, as the Python client's {@code watch} logs it and as an MLflow
 * script can by hand: {@code scheduler} holds the class name ({@code CosineAnnealingWarmRestarts}), and
 * {@code scheduler.<argument>} each constructor argument as Python prints it ({@code 10}, {@code 0.5},
 * {@code [30, 60]}, {@code True}, {@code cos}); {@code scheduler.base_lrs} the parameter groups' starting rates.
 * Kept in params, the declaration is write-once and travels with the run like any param.
 *
 * @param className the scheduler's class name
 * @param arguments its arguments, as numbers, lists of numbers, booleans or text
 * @param baseLrs the parameter groups' starting rates, when declared
 */
record SchedulerParams(String className, Map<String, Object> arguments, List<Double> baseLrs) {

    /** The param that names the scheduler's class. */
    static final String CLASS = "scheduler";

    /** What precedes each argument's name among the params. */
    static final String ARGUMENT = "scheduler.";

    /** The declaration among {@code params}, if they hold one. */
    static Optional<SchedulerParams> of(Map<String, String> params) {
        var className = params.get(CLASS);
        if (className == null || className.isBlank()) {
            return Optional.empty();
        }
        var arguments = new LinkedHashMap<String, Object>();
        params.forEach((key, text) -> {
            if (key.startsWith(ARGUMENT) && !key.equals(ARGUMENT + "base_lrs")) {
                arguments.put(key.substring(ARGUMENT.length()), value(text));
            }
        });
        var baseLrs = new ArrayList<Double>();
        if (value(params.getOrDefault(ARGUMENT + "base_lrs", "")) instanceof List<?> rates) {
            rates.stream()
                    .filter(Double.class::isInstance)
                    .map(Double.class::cast)
                    .forEach(baseLrs::add);
        }
        return Optional.of(new SchedulerParams(className.strip(), arguments, baseLrs));
    }

    /** A value as Python prints it, read back: a number, a list or tuple of them, a boolean, {@code None}, or text. */
    static Object value(String text) {
        var t = text.strip();
        switch (t) {
            case "True", "true" -> {
                return Boolean.TRUE;
            }
            case "False", "false" -> {
                return Boolean.FALSE;
            }
            case "None", "null", "" -> {
                return null;
            }
            default -> {}
        }
        if ((t.startsWith("[") && t.endsWith("]")) || (t.startsWith("(") && t.endsWith(")"))) {
            var items = new ArrayList<Object>();
            var inner = t.substring(1, t.length() - 1).strip();
            if (!inner.isEmpty()) {
                for (String item : inner.split(",")) {
                    if (!item.isBlank()) {
                        items.add(value(item));
                    }
                }
            }
            return items;
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return t.length() > 1 && (t.startsWith("'") || t.startsWith("\"")) ? t.substring(1, t.length() - 1) : t;
        }
    }
}
