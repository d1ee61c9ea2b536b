package dev.anneal.training;

/** Thrown when a dataset cannot be had or is not what it should be; the message says why, for the run's error. */
public class DataException extends RuntimeException {

    public DataException(String message) {
        super(message);
    }
}
