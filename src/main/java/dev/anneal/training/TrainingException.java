package dev.anneal.training;

/** Thrown when training cannot go on; the message names the cause, for the run's error. */
public class TrainingException extends RuntimeException {

    TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
