package dev.anneal.schedule;

/**
 * A plateau restart the scheduler decided on: the next cycle starts at the next position after {@code detectedAt}.
 *
 * @param detectedAt the position of the evaluation that completed the plateau
 * @param reason why, in words ("val_loss did not improve by more than 0.001 for 3 evaluations (best 0.41)")
 */
public record PlateauRestart(double detectedAt, String reason) {}
