package dev.anneal.training;

/** Thrown when training cannot go on; the message names the cause, for the run's error. */
public class TrainingException extends RuntimeException {

    /** Training cannot go on for the reason {@code message} gives, which a user can act on. */
    public TrainingException(String message) {
        super(message);
    }

    TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
