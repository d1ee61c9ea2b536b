package dev.anneal.training;

import java.util.Map;

/**
 * A dataset split for one run.
 *
 * @param train what the optimizer sees
 * @param validation held out from the training pool, evaluated during training
 * @param test kept apart, evaluated once at the end
 * @param classes the number of classes, or 0 for regression
 * @param fingerprint what identifies the data exactly: file checksums, or the generator and its seed
 */
record PreparedData(Examples train, Examples validation, Examples test, int classes, Map<String, String> fingerprint) {

    boolean isClassification() {
        return classes > 0;
    }
}
