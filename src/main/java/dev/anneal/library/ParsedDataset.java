package dev.anneal.library;

import java.util.List;

/**
 * An uploaded dataset as read: its examples, split as the upload gave them (the rest is split by each run's seed).
 *
 * @param classification whether its targets are classes (else regression values)
 * @param classNames each class's name, by index: as the labels read (CSV text, image folders) or their numbers
 * @param train the examples to train on (all of them, when no split was given)
 * @param validation the upload's own validation split, or {@code null}
 * @param test the upload's own test split, or {@code null}
 * @param featureNames each feature's name, where the file names them (a CSV's header); else {@code null}
 */
public record ParsedDataset(
        boolean classification,
        List<String> classNames,
        LabelledArrays train,
        LabelledArrays validation,
        LabelledArrays test,
        List<String> featureNames) {

    /** This dataset, its features named {@code names}. */
    ParsedDataset withFeatureNames(List<String> names) {
        return new ParsedDataset(classification, classNames, train, validation, test, List.copyOf(names));
    }
}
