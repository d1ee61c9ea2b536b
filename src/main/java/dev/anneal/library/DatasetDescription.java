package dev.anneal.library;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * What reading an uploaded dataset found, as its page and the API show it.
 *
 * @param examples how many examples each split holds ({@code validation} and {@code test} only where the upload gave
 *     them)
 * @param exampleShape one example's shape
 * @param task {@code classification} or {@code regression}
 * @param classes each class with its examples, in index order (the first {@value #MAX_CLASSES_LISTED}); a
 *     regression's is {@code null}
 * @param classCount how many classes; {@code null} for a regression
 * @param featureRange the smallest and largest feature value
 * @param targetRange a regression's smallest and largest target; {@code null} for a classification
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetDescription(
        Examples examples,
        List<Long> exampleShape,
        String task,
        List<ClassCount> classes,
        Integer classCount,
        Range featureRange,
        Range targetRange) {

    /** The most classes a description lists. */
    public static final int MAX_CLASSES_LISTED = 1000;

    /**
     * Examples by split.
     *
     * @param train to train on (all of them, where no split was given)
     * @param validation the upload's own validation split, or {@code null}
     * @param test the upload's own test split, or {@code null}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Examples(int train, Integer validation, Integer test) {}

    /**
     * A class and how many examples it has, over every split.
     *
     * @param name its name
     * @param count its examples
     */
    public record ClassCount(String name, long count) {}

    /**
     * The smallest and largest of some values.
     *
     * @param min the smallest
     * @param max the largest
     */
    public record Range(double min, double max) {}

    /** The description of {@code data}. */
    static DatasetDescription of(ParsedDataset data) {
        var splits = new ArrayList<LabelledArrays>();
        for (var split : new LabelledArrays[] {data.train(), data.validation(), data.test()}) {
            if (split != null) {
                splits.add(split);
            }
        }
        var examples = new Examples(
                data.train().count(),
                data.validation() == null ? null : data.validation().count(),
                data.test() == null ? null : data.test().count());
        List<Long> shape =
                java.util.Arrays.stream(data.train().exampleShape()).boxed().toList();
        var features = range(splits.stream().map(LabelledArrays::features).toList());
        var targets = range(splits.stream().map(LabelledArrays::targets).toList());
        if (!data.classification()) {
            return new DatasetDescription(examples, shape, "regression", null, null, features, targets);
        }
        long[] counts = new long[data.classNames().size()];
        for (var split : splits) {
            for (float target : split.targets()) {
                counts[(int) target]++;
            }
        }
        var classes = new ArrayList<ClassCount>();
        for (int i = 0; i < Math.min(counts.length, MAX_CLASSES_LISTED); i++) {
            classes.add(new ClassCount(data.classNames().get(i), counts[i]));
        }
        return new DatasetDescription(examples, shape, "classification", classes, counts.length, features, null);
    }

    private static Range range(List<float[]> arrays) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float[] values : arrays) {
            for (float value : values) {
                min = Math.min(min, value);
                max = Math.max(max, value);
            }
        }
        return min <= max ? new Range(min, max) : null;
    }
}
