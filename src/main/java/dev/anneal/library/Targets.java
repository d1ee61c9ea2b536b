package dev.anneal.library;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** A dataset's targets held to its task: a classifier's are class indices from 0, each class with a name. */
final class Targets {

    /** The most classes a dataset may have. */
    static final int MAX_CLASSES = ModelManifest.MAX_OUTPUTS;

    private Targets() {}

    /**
     * The dataset of these splits (validation and test may be {@code null}), its classes named {@code names} or, when
     * {@code null}, by their indices; refused when a classifier's target is not a class index.
     */
    static ParsedDataset named(
            boolean classifies,
            LabelledArrays train,
            LabelledArrays validation,
            LabelledArrays test,
            List<String> names) {
        if (train.count() == 0) {
            throw new DataRefusedException("file", "the dataset holds no examples");
        }
        if (!classifies) {
            return new ParsedDataset(false, null, train, validation, test, null);
        }
        int classes = 0;
        for (var split : new LabelledArrays[] {train, validation, test}) {
            if (split == null) {
                continue;
            }
            for (float target : split.targets()) {
                if (target < 0 || target != Math.rint(target) || target >= MAX_CLASSES) {
                    throw new DataRefusedException(
                            "file",
                            "a class label is %s: classes are numbered from 0 to %d"
                                    .formatted(target, MAX_CLASSES - 1));
                }
                classes = Math.max(classes, (int) target + 1);
            }
        }
        if (classes < 2) {
            throw new DataRefusedException("file", "every example has the same class: a classifier needs two at least");
        }
        List<String> named = names != null
                ? names
                : IntStream.range(0, classes).mapToObj(Integer::toString).toList();
        return new ParsedDataset(true, new ArrayList<>(named), train, validation, test, null);
    }
}
