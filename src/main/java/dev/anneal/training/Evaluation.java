package dev.anneal.training;

/**
 * The model's loss and accuracy on a held-out set.
 *
 * @param loss the mean loss per example
 * @param accuracy the share classified correctly, or {@code NaN} for regression
 */
record Evaluation(double loss, double accuracy) {}
