package dev.anneal.library;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A few of an uploaded dataset's training examples, as its page shows them: an image as a small PNG, any other example
 * as a row of its first values. Drawn at upload a class at a time, so every class (of the first dozen) shows.
 *
 * @param columns the names of the values each row shows (the first {@value #MAX_VALUES}); {@code null} for images
 * @param valuesLeftOut how many of each example's values a row leaves out; {@code 0} for images
 * @param examples the examples, at most {@value #MAX_EXAMPLES}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetPreview(List<String> columns, int valuesLeftOut, List<Example> examples) {

    /** The most examples shown. */
    static final int MAX_EXAMPLES = 12;

    /** The most values a row shows. */
    static final int MAX_VALUES = 8;

    /** The longest side of a thumbnail, in pixels: a larger image is sampled down to it. */
    static final int THUMBNAIL = 64;

    /** How far into the training examples the choice looks: enough to meet every class of a shuffled dataset. */
    private static final int SCANNED = 100_000;

    /**
     * One example shown.
     *
     * @param label its class's name, or a regression's target
     * @param image an image's thumbnail as a {@code data:image/png} address; else {@code null}
     * @param values its first values, where it is not an image; else {@code null}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Example(String label, String image, List<Float> values) {}

    /** The preview of {@code data}. */
    static DatasetPreview of(ParsedDataset data) {
        var train = data.train();
        var picture = Picture.of(train.exampleShape());
        int size = train.features().length / train.count();
        var examples = new ArrayList<Example>();
        for (int index : chosen(data)) {
            String label = data.classification()
                    ? data.classNames().get((int) train.targets()[index])
                    : Float.toString(train.targets()[index]);
            if (picture != null) {
                examples.add(new Example(label, picture.png(train.features(), index * size), null));
            } else {
                var values = new ArrayList<Float>();
                for (int i = 0; i < Math.min(size, MAX_VALUES); i++) {
                    values.add(train.features()[index * size + i]);
                }
                examples.add(new Example(label, null, values));
            }
        }
        return picture == null
                ? new DatasetPreview(columns(data, size), Math.max(0, size - MAX_VALUES), examples)
                : new DatasetPreview(null, 0, examples);
    }

    /**
     * The examples shown: the first of each class in turn, then the second of each, and so on; a regression's first
     * ones.
     */
    private static List<Integer> chosen(ParsedDataset data) {
        var targets = data.train().targets();
        int scanned = Math.min(targets.length, SCANNED);
        var chosen = new ArrayList<Integer>();
        if (!data.classification()) {
            for (int i = 0; i < Math.min(scanned, MAX_EXAMPLES); i++) {
                chosen.add(i);
            }
            return chosen;
        }
        Map<Integer, List<Integer>> byClass = new LinkedHashMap<>();
        for (int i = 0; i < scanned; i++) {
            var ofClass = byClass.computeIfAbsent((int) targets[i], c -> new ArrayList<>());
            if (ofClass.size() < MAX_EXAMPLES) {
                ofClass.add(i);
            }
        }
        var classes = byClass.keySet().stream().sorted().toList();
        for (int round = 0; chosen.size() < Math.min(MAX_EXAMPLES, scanned); round++) {
            for (int c : classes) {
                var ofClass = byClass.get(c);
                if (round < ofClass.size() && chosen.size() < MAX_EXAMPLES) {
                    chosen.add(ofClass.get(round));
                }
            }
        }
        return chosen;
    }

    private static List<String> columns(ParsedDataset data, int size) {
        var columns = new ArrayList<String>();
        for (int i = 0; i < Math.min(size, MAX_VALUES); i++) {
            columns.add(data.featureNames() != null ? data.featureNames().get(i) : "x[%d]".formatted(i));
        }
        return columns;
    }

    /**
     * How an example's values make a picture: {@code [channels, height, width]} with one or three channels, or
     * {@code [height, width]}, each side 4 pixels at least.
     */
    private record Picture(int channels, int height, int width) {

        static Picture of(long[] shape) {
            if (shape.length == 3 && (shape[0] == 1 || shape[0] == 3) && shape[1] >= 4 && shape[2] >= 4) {
                return new Picture((int) shape[0], (int) shape[1], (int) shape[2]);
            }
            if (shape.length == 2 && shape[0] >= 4 && shape[1] >= 4) {
                return new Picture(1, (int) shape[0], (int) shape[1]);
            }
            return null;
        }

        /**
         * The example at {@code offset} as a PNG: its values stretched from their own smallest to largest over black
         * to white, sampled down to fit {@value #THUMBNAIL} pixels.
         */
        String png(float[] features, int offset) {
            int plane = height * width;
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < channels * plane; i++) {
                min = Math.min(min, features[offset + i]);
                max = Math.max(max, features[offset + i]);
            }
            float span = max > min ? max - min : 1;
            int step = Math.max(1, (Math.max(height, width) + THUMBNAIL - 1) / THUMBNAIL);
            int shownHeight = (height + step - 1) / step;
            int shownWidth = (width + step - 1) / step;
            var image = new BufferedImage(
                    shownWidth,
                    shownHeight,
                    channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
            for (int y = 0; y < shownHeight; y++) {
                for (int x = 0; x < shownWidth; x++) {
                    for (int c = 0; c < channels; c++) {
                        int at = offset + c * plane + y * step * width + x * step;
                        image.getRaster().setSample(x, y, c, Math.round((features[at] - min) / span * 255));
                    }
                }
            }
            var png = new ByteArrayOutputStream();
            try {
                ImageIO.write(image, "png", png);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // written to memory: does not happen
            }
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
        }
    }
}
