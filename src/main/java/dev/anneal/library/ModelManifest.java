package dev.anneal.library;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.anneal.training.ModuleCheck;
import dev.anneal.web.FieldErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What an uploaded model says of itself (the contract of {@code POST /api/models}'s {@code manifest} part): its name
 * and version, one example's input shape and type, and its task with its classes or outputs.
 *
 * @param name 1–100 letters, digits and {@code _ - .}
 * @param version 1–50 of the same; with the name, names the model
 * @param notes free text, up to {@value #MAX_NOTES} characters
 * @param inputShape one example's shape, 1 to 4 dimensions: {@code [20]}, {@code [1, 28, 28]}
 * @param inputDtype {@code float32}, the only type training feeds
 * @param task what it learns
 * @param classes a classifier's classes, 2 to {@value #MAX_OUTPUTS}
 * @param outputs a regressor's outputs, 1 to {@value #MAX_OUTPUTS}
 * @param loss the task's loss: {@code cross_entropy} for a classifier, {@code mse} for a regressor (the default)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelManifest(
        String name,
        String version,
        String notes,
        List<Long> inputShape,
        String inputDtype,
        Task task,
        Integer classes,
        Integer outputs,
        String loss) {

    /** The longest notes. */
    public static final int MAX_NOTES = 10_000;

    /** The most classes or outputs, and the largest dimension of an input. */
    public static final int MAX_OUTPUTS = 100_000;

    /** The most values one example may hold: a 3×1024×1024 image, with room. */
    public static final long MAX_INPUT_VALUES = 4L * 1024 * 1024;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,100}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_.\\-]{1,50}");

    /** What a model learns. */
    public enum Task {
        CLASSIFICATION,
        REGRESSION;

        /** The name as the API spells it. */
        @JsonValue
        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** What a model of this task is called: a classifier, a regressor. */
        String role() {
            return this == CLASSIFICATION ? "classifier" : "regressor";
        }

        /** The loss a model of this task trains on unless its manifest names one. */
        String defaultLoss() {
            return this == CLASSIFICATION ? "cross_entropy" : "mse";
        }
    }

    /** What the training module checks the module against. */
    ModuleCheck.Declared declared() {
        return new ModuleCheck.Declared(
                inputShape, task == Task.CLASSIFICATION, task == Task.CLASSIFICATION ? classes : outputs);
    }

    /**
     * The manifest {@code given} (the part's JSON, read as a map) holds, with the default loss filled in; every
     * problem recorded in {@code errors} under {@code manifest.<field>}, and {@code null} answered then.
     */
    public static ModelManifest read(Map<String, Object> given, FieldErrors errors) {
        var known =
                List.of("name", "version", "notes", "input_shape", "input_dtype", "task", "classes", "outputs", "loss");
        ManifestFields.refuseUnknown(given, known, errors);
        String name = text(given, "name", NAME, "1 to 100 letters, digits and _ - .", true, errors);
        String version = text(given, "version", VERSION, "1 to 50 letters, digits and _ - .", true, errors);
        Object notes = given.get("notes");
        if (notes != null && !(notes instanceof String text && text.length() <= MAX_NOTES)) {
            errors.reject(
                    "manifest.notes",
                    null,
                    "manifest.notes must be text of at most %d characters".formatted(MAX_NOTES));
        }
        var shape = shape(given.get("input_shape"), errors);
        Object dtype = given.getOrDefault("input_dtype", "float32");
        if (!"float32".equals(dtype)) {
            errors.reject("manifest.input_dtype", null, "manifest.input_dtype must be float32 but was " + dtype);
        }
        Task task = task(given.get("task"), errors);
        Integer classes = count(given, "classes", 2, errors);
        Integer outputs = count(given, "outputs", 1, errors);
        if (task != null) {
            boolean classifies = task == Task.CLASSIFICATION;
            // a classifier counts classes, a regressor outputs: the one its task needs, and not the other
            needs(classifies ? "classes" : "outputs", classifies ? classes : outputs, task, errors);
            refuses(classifies ? "outputs" : "classes", classifies ? outputs : classes, task, errors);
        }
        Object loss = given.get("loss");
        if (task != null && loss != null && !task.defaultLoss().equals(loss)) {
            errors.reject(
                    "manifest.loss",
                    null,
                    "manifest.loss of a %s must be %s but was %s".formatted(task.apiName(), task.defaultLoss(), loss));
        }
        if (!errors.isEmpty()) {
            return null;
        }
        return new ModelManifest(
                name, version, (String) notes, shape, "float32", task, classes, outputs, task.defaultLoss());
    }

    private static void needs(String field, Integer value, Task task, FieldErrors errors) {
        if (value == null && !errors.has("manifest." + field)) {
            errors.reject(
                    "manifest." + field,
                    null,
                    "manifest.%s is required for a %s (%d to %d)"
                            .formatted(field, task.role(), task == Task.CLASSIFICATION ? 2 : 1, MAX_OUTPUTS));
        }
    }

    private static void refuses(String field, Integer value, Task task, FieldErrors errors) {
        if (value != null) {
            errors.reject(
                    "manifest." + field,
                    null,
                    "manifest.%s is not for a %s, which has %s"
                            .formatted(field, task.role(), task == Task.CLASSIFICATION ? "classes" : "outputs"));
        }
    }

    private static String text(
            Map<String, Object> given, String field, Pattern rule, String says, boolean required, FieldErrors errors) {
        Object value = given.get(field);
        if (value == null && !required) {
            return null;
        }
        if (!(value instanceof String text) || !rule.matcher(text).matches()) {
            errors.reject(
                    "manifest." + field,
                    null,
                    "manifest.%s must be %s but was %s"
                            .formatted(field, says, value == null ? "missing" : shown(value)));
            return null;
        }
        return text;
    }

    private static List<Long> shape(Object value, FieldErrors errors) {
        String rule = "manifest.input_shape must be 1 to 4 whole numbers from 1 to %d, one example's shape without"
                        .formatted(MAX_OUTPUTS)
                + " the batch: [20] or [1, 28, 28]";
        if (!(value instanceof List<?> list) || list.isEmpty() || list.size() > 4) {
            errors.reject(
                    "manifest.input_shape", null, rule + ", but was " + (value == null ? "missing" : shown(value)));
            return null;
        }
        var shape = new ArrayList<Long>();
        long values = 1;
        for (Object dimension : list) {
            if (!(dimension instanceof Integer || dimension instanceof Long)
                    || ((Number) dimension).longValue() < 1
                    || ((Number) dimension).longValue() > MAX_OUTPUTS) {
                errors.reject("manifest.input_shape", null, rule + ", but was " + shown(value));
                return null;
            }
            shape.add(((Number) dimension).longValue());
            values *= ((Number) dimension).longValue();
        }
        if (values > MAX_INPUT_VALUES) {
            errors.reject(
                    "manifest.input_shape",
                    null,
                    "manifest.input_shape holds %d values an example, more than the %d Anneal trains on"
                            .formatted(values, MAX_INPUT_VALUES));
            return null;
        }
        return List.copyOf(shape);
    }

    private static Task task(Object value, FieldErrors errors) {
        for (Task task : Task.values()) {
            if (task.apiName().equals(value)) {
                return task;
            }
        }
        errors.reject(
                "manifest.task",
                null,
                "manifest.task must be classification or regression but was "
                        + (value == null ? "missing" : shown(value)));
        return null;
    }

    private static Integer count(Map<String, Object> given, String field, int least, FieldErrors errors) {
        Object value = given.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Integer number) || number < least || number > MAX_OUTPUTS) {
            errors.reject(
                    "manifest." + field,
                    null,
                    "manifest.%s must be a whole number from %d to %d but was %s"
                            .formatted(field, least, MAX_OUTPUTS, shown(value)));
            return null;
        }
        return number;
    }

    private static String shown(Object value) {
        String text = String.valueOf(value);
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
