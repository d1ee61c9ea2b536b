package dev.anneal.training;

/**
 * How a training attempt ended.
 *
 * @param completed whether every epoch ran; {@code false} when the observer stopped it
 * @param summary what the run achieved so far
 */
public record TrainingOutcome(boolean completed, TrainingSummary summary) {}
