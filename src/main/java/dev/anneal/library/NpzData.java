package dev.anneal.library;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A dataset as {@code numpy.savez} (or {@code savez_compressed}) writes it: arrays {@code x} and {@code y}, and
 * optionally {@code x_val}/{@code y_val} and {@code x_test}/{@code y_test}. Each {@code x} holds one example per row
 * (any shape after that, the same in every split); each {@code y} one target per example.
 */
final class NpzData {

    private static final List<String> SPLITS = List.of("", "_val", "_test");

    private NpzData() {}

    static ParsedDataset read(Path file, Boolean classification, long maxValues) throws IOException {
        var arrays = new HashMap<String, NpyArray>();
        try (var zip = new ZipFile(file.toFile())) {
            long budget = maxValues;
            for (var entry : zip.stream().toList()) {
                String name = entry.getName().endsWith(".npy")
                        ? entry.getName().substring(0, entry.getName().length() - 4)
                        : entry.getName();
                if (!isKnown(name)) {
                    throw new DataRefusedException(
                            "file",
                            "the archive holds %s; an .npz dataset holds x and y, and".formatted(entry.getName())
                                    + " optionally x_val, y_val, x_test, y_test");
                }
                var array = read(zip, entry, budget);
                budget -= array.values().length;
                arrays.put(name, array);
            }
        } catch (ZipException e) {
            throw new DataRefusedException(
                    "file", "this is not an .npz archive (numpy.savez writes a zip): " + e.getMessage());
        }
        if (!arrays.containsKey("x") || !arrays.containsKey("y")) {
            throw new DataRefusedException(
                    "file",
                    "an .npz dataset needs arrays x and y, but holds "
                            + (arrays.isEmpty()
                                    ? "none"
                                    : String.join(
                                            ", ",
                                            arrays.keySet().stream().sorted().toList())));
        }
        boolean classifies =
                classification != null ? classification : arrays.get("y").integral();
        var splits = new ArrayList<LabelledArrays>();
        List<Long> shape = arrays.get("x").exampleShape();
        for (String suffix : SPLITS) {
            var x = arrays.get("x" + suffix);
            var y = arrays.get("y" + suffix);
            if (x == null && y == null) {
                splits.add(null);
                continue;
            }
            if (x == null || y == null) {
                throw new DataRefusedException(
                        "file",
                        "x%s and y%s go together, but the archive holds only %s"
                                .formatted(suffix, suffix, x == null ? "y" + suffix : "x" + suffix));
            }
            splits.add(split(x, y, suffix, shape, classifies));
        }
        return Targets.named(classifies, splits.get(0), splits.get(1), splits.get(2), null);
    }

    private static boolean isKnown(String name) {
        return SPLITS.stream().anyMatch(suffix -> name.equals("x" + suffix) || name.equals("y" + suffix));
    }

    private static NpyArray read(ZipFile zip, ZipEntry entry, long budget) throws IOException {
        try (var in = zip.getInputStream(entry)) {
            return NpyArray.read(in, entry.getName(), budget);
        }
    }

    private static LabelledArrays split(NpyArray x, NpyArray y, String suffix, List<Long> shape, boolean classifies) {
        if (x.shape().length < 2) {
            throw new DataRefusedException(
                    "file",
                    "x%s has shape %s: one example a row needs at least two dimensions"
                            .formatted(suffix, Arrays.toString(x.shape())));
        }
        if (!x.exampleShape().equals(shape)) {
            throw new DataRefusedException(
                    "file", "x%s's examples have shape %s, but x's have %s".formatted(suffix, x.exampleShape(), shape));
        }
        if (y.shape().length != 1 && !(y.shape().length == 2 && y.shape()[1] == 1)) {
            throw new DataRefusedException(
                    "file",
                    "y%s has shape %s: one target an example, shape (n,)"
                            .formatted(suffix, Arrays.toString(y.shape())));
        }
        if (y.shape()[0] != x.shape()[0]) {
            throw new DataRefusedException(
                    "file",
                    "x%s holds %d examples but y%s %d targets".formatted(suffix, x.shape()[0], suffix, y.shape()[0]));
        }
        if (classifies && !y.integral()) {
            throw new DataRefusedException(
                    "file",
                    "y%s holds fractional numbers: a classifier's targets are class".formatted(suffix)
                            + " indices (whole numbers); say \"task\": \"regression\" for values");
        }
        Values.requireFinite(x.values(), "x" + suffix);
        Values.requireFinite(y.values(), "y" + suffix);
        return new LabelledArrays(
                x.values(),
                y.values(),
                shape.stream().mapToLong(Long::longValue).toArray());
    }
}
