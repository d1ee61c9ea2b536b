package dev.anneal.library;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A dataset as a CSV file: a header, then one example a row; the column the manifest names as {@code label} holds
 * each target (numbers, or text naming classes), every other column a numeric feature. Quoted fields may hold commas
 * and doubled quotes.
 */
final class CsvData {

    /** The most columns a row may have. */
    static final int MAX_COLUMNS = 100_000;

    private CsvData() {}

    static ParsedDataset read(Path file, String label, Boolean classification, long maxValues) throws IOException {
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (var reader = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), decoder))) {
            String headerLine = reader.readLine();
            if (headerLine == null || headerLine.isBlank()) {
                throw new DataRefusedException(
                        "file", "the CSV file is empty: it needs a header, then a row an example");
            }
            var header =
                    fields(stripBom(headerLine), 1).stream().map(String::strip).toList();
            int labelColumn = header.indexOf(label);
            if (labelColumn < 0) {
                throw new DataRefusedException(
                        "manifest.label",
                        "the CSV header has no column \"%s\"; it has %s".formatted(label, shown(header)));
            }
            int featureCount = header.size() - 1;
            if (featureCount == 0) {
                throw new DataRefusedException("file", "the CSV file has only its label column: no features");
            }
            var features = new FloatList();
            var labels = new LabelColumn(label);
            int line = 1;
            for (String text; (text = reader.readLine()) != null; ) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                var row = fields(text, line);
                if (row.size() != header.size()) {
                    throw new DataRefusedException(
                            "file",
                            "line %d has %d columns, but the header has %d".formatted(line, row.size(), header.size()));
                }
                if ((long) (labels.size() + 1) * featureCount > maxValues) {
                    throw new DataRefusedException(
                            "file",
                            "the CSV file holds more than the %d values a dataset may".formatted(maxValues)
                                    + " hold in memory (anneal.datasets.max-memory)");
                }
                for (int column = 0; column < row.size(); column++) {
                    if (column != labelColumn) {
                        features.add(number(row.get(column), line, header.get(column)));
                    }
                }
                labels.add(row.get(labelColumn).strip(), line);
            }
            if (labels.size() == 0) {
                throw new DataRefusedException("file", "the CSV file has a header but no rows");
            }
            var featureNames = new ArrayList<>(header);
            featureNames.remove(labelColumn);
            return targets(features.toArray(), labels, featureCount, classification, label)
                    .withFeatureNames(featureNames);
        } catch (CharacterCodingException e) {
            throw new DataRefusedException("file", "the CSV file is not UTF-8 text");
        }
    }

    /** The targets of {@code labels}: numbers as they are, or text as class indices in the order of their names. */
    private static ParsedDataset targets(
            float[] features, LabelColumn labels, int featureCount, Boolean classification, String label) {
        float[] targets = labels.values();
        List<String> names = labels.names();
        if (names == null) {
            Values.requireFinite(targets, "column " + label);
        } else if (Boolean.FALSE.equals(classification)) {
            throw new DataRefusedException(
                    "manifest.task",
                    "a regression's labels must be numbers, but column" + " \"%s\" holds text".formatted(label));
        }
        boolean classifies = classification != null ? classification : names != null || allWhole(targets);
        var all = new LabelledArrays(features, targets, new long[] {featureCount});
        return Targets.named(classifies, all, null, null, names);
    }

    /**
     * A CSV's target column, read row by row into one float a row, so a long file costs no object a row: numbers as
     * they are, text as the index of its name (at most {@link Targets#MAX_CLASSES} names). A column of both is refused.
     */
    private static final class LabelColumn {

        private final String label;
        private final FloatList values = new FloatList();
        private final Map<String, Integer> firstSeen = new HashMap<>();
        private Boolean numeric;

        LabelColumn(String label) {
            this.label = label;
        }

        void add(String text, int line) {
            boolean number = isNumber(text);
            if (numeric == null) {
                numeric = number;
            }
            if (number != numeric) {
                throw new DataRefusedException(
                        "file",
                        "column \"%s\" mixes numbers and text: line %d holds \"%s\""
                                .formatted(label, line, shorten(text)));
            }
            if (number) {
                values.add(Float.parseFloat(text));
                return;
            }
            Integer index = firstSeen.get(text);
            if (index == null) {
                if (firstSeen.size() == Targets.MAX_CLASSES) {
                    throw new DataRefusedException(
                            "file",
                            "column \"%s\" names more than %d classes (line %d)"
                                    .formatted(label, Targets.MAX_CLASSES, line));
                }
                index = firstSeen.size();
                firstSeen.put(text, index);
            }
            values.add(index);
        }

        int size() {
            return values.size;
        }

        /** The class names in the order of their names, or {@code null} for a column of numbers. */
        List<String> names() {
            return Boolean.TRUE.equals(numeric) ? null : List.copyOf(new TreeSet<>(firstSeen.keySet()));
        }

        /** Each row's target: its number, or its class's index among {@link #names()}. */
        float[] values() {
            float[] targets = values.toArray();
            var names = names();
            if (names != null) {
                int[] sorted = new int[names.size()];
                for (int i = 0; i < names.size(); i++) {
                    sorted[firstSeen.get(names.get(i))] = i;
                }
                for (int i = 0; i < targets.length; i++) {
                    targets[i] = sorted[(int) targets[i]];
                }
            }
            return targets;
        }
    }

    private static boolean allWhole(float[] values) {
        for (float value : values) {
            if (value != Math.rint(value)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNumber(String text) {
        try {
            Float.parseFloat(text);
            return !text.isBlank();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static float number(String text, int line, String column) {
        try {
            float value = Float.parseFloat(text.strip());
            if (!Float.isFinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new DataRefusedException(
                    "file",
                    "line %d, column \"%s\": %s is not a finite number"
                            .formatted(line, column, text.isBlank() ? "an empty field" : "\"" + shorten(text) + "\""));
        }
    }

    /** The fields of one line: split at commas outside quotes, a doubled quote inside quotes read as one. */
    static List<String> fields(String line, int number) {
        var fields = new ArrayList<String>();
        var field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                field.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
                if (fields.size() > MAX_COLUMNS) {
                    throw new DataRefusedException(
                            "file", "line %d has more than %d columns".formatted(number, MAX_COLUMNS));
                }
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new DataRefusedException("file", "line %d has a quote that is never closed".formatted(number));
        }
        fields.add(field.toString());
        return fields;
    }

    private static String stripBom(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }

    private static String shown(List<String> header) {
        var first = header.stream()
                .limit(10)
                .map(name -> "\"" + shorten(name) + "\"")
                .toList();
        return String.join(", ", first) + (header.size() > 10 ? " and %d more".formatted(header.size() - 10) : "");
    }

    private static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    /** Floats that grow as they are added, without boxing each. */
    private static final class FloatList {

        private float[] values = new float[1024];
        private int size;

        void add(float value) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        float[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}
