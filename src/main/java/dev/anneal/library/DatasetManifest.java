package dev.anneal.library;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.anneal.web.FieldErrors;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What an uploaded dataset says of itself (the contract of {@code POST /api/datasets}'s {@code manifest} part).
 *
 * @param name 1–100 letters, digits and {@code _ - .}; names the dataset
 * @param notes free text, up to {@value ModelManifest#MAX_NOTES} characters
 * @param format how the file holds it
 * @param label a CSV's target column
 * @param task {@code classification} or {@code regression}; by default a CSV's or an {@code .npz}'s whole-number (or
 *     text) targets are classes, fractional ones values, and an image folder's folders are classes
 * @param imageSize an image folder's images are resized to {@code [height, width]}, each 1 to {@value #MAX_SIDE}
 * @param channels an image folder's images are read as 1 (grey) or 3 (RGB) channels; 1 by default
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetManifest(
        String name,
        String notes,
        Format format,
        String label,
        String task,
        List<Integer> imageSize,
        Integer channels) {

    /** The largest side an image is resized to. */
    public static final int MAX_SIDE = 1024;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,100}");

    /** How an uploaded file holds a dataset. */
    public enum Format {
        CSV,
        NPZ,
        IMAGE_FOLDER;

        /** The name as the API spells it. */
        @JsonValue
        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whether the manifest says its targets are classes; {@code null} when it leaves that to the data. */
    Boolean classification() {
        return task == null ? null : task.equals("classification");
    }

    /**
     * The manifest {@code given} holds, with defaults filled in; every problem recorded in {@code errors} under
     * {@code manifest.<field>}, and {@code null} answered then.
     */
    public static DatasetManifest read(Map<String, Object> given, FieldErrors errors) {
        var known = List.of("name", "notes", "format", "label", "task", "image_size", "channels");
        ManifestFields.refuseUnknown(given, known, errors);
        Object name = given.get("name");
        if (!(name instanceof String text && NAME.matcher(text).matches())) {
            errors.reject(
                    "manifest.name",
                    null,
                    "manifest.name must be 1 to 100 letters, digits and _ - . but was "
                            + (name == null ? "missing" : name));
        }
        Object notes = given.get("notes");
        if (notes != null && !(notes instanceof String text && text.length() <= ModelManifest.MAX_NOTES)) {
            errors.reject(
                    "manifest.notes",
                    null,
                    "manifest.notes must be text of at most %d characters".formatted(ModelManifest.MAX_NOTES));
        }
        Format format = null;
        for (Format candidate : Format.values()) {
            if (candidate.apiName().equals(given.get("format"))) {
                format = candidate;
            }
        }
        if (format == null) {
            errors.reject(
                    "manifest.format",
                    null,
                    "manifest.format must be csv, npz or image_folder but was "
                            + (given.get("format") == null ? "missing" : given.get("format")));
        }
        Object label = given.get("label");
        if (format == Format.CSV && !(label instanceof String text && !text.isBlank() && text.length() <= 250)) {
            errors.reject("manifest.label", null, "manifest.label must name the CSV's target column");
        } else if (format != Format.CSV && label != null) {
            errors.reject("manifest.label", null, "manifest.label is for a CSV file");
        }
        Object task = given.get("task");
        if (task != null && !task.equals("classification") && !task.equals("regression")) {
            errors.reject("manifest.task", null, "manifest.task must be classification or regression but was " + task);
        } else if (format == Format.IMAGE_FOLDER && "regression".equals(task)) {
            errors.reject("manifest.task", null, "an image folder's folders are classes: its task is classification");
        }
        var size = imageSize(given.get("image_size"), format, errors);
        Object channels = given.get("channels");
        if (channels != null
                && (format != Format.IMAGE_FOLDER || !(channels instanceof Integer c && (c == 1 || c == 3)))) {
            errors.reject(
                    "manifest.channels",
                    null,
                    format != Format.IMAGE_FOLDER
                            ? "manifest.channels is for an image folder"
                            : "manifest.channels must be 1 (grey) or 3 (RGB) but was " + channels);
        }
        if (!errors.isEmpty()) {
            return null;
        }
        return new DatasetManifest(
                (String) name,
                (String) notes,
                format,
                (String) label,
                (String) task,
                size,
                format == Format.IMAGE_FOLDER ? (channels == null ? 1 : (Integer) channels) : null);
    }

    private static List<Integer> imageSize(Object value, Format format, FieldErrors errors) {
        if (format != Format.IMAGE_FOLDER) {
            if (value != null) {
                errors.reject("manifest.image_size", null, "manifest.image_size is for an image folder");
            }
            return null;
        }
        if (value instanceof List<?> list
                && list.size() == 2
                && list.stream().allMatch(side -> side instanceof Integer s && s >= 1 && s <= MAX_SIDE)) {
            return list.stream().map(side -> (Integer) side).toList();
        }
        errors.reject(
                "manifest.image_size",
                null,
                "manifest.image_size must be [height, width], each from 1 to %d, but was %s"
                        .formatted(MAX_SIDE, value == null ? "missing" : value));
        return null;
    }
}
