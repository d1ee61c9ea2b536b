package dev.anneal.web;

/**
 * Refuses a request that would take a caller past one of its limits (waits, streams, queued work): answered as
 * {@code 429} problem details whose detail names the limit and the caller's numbers.
 */
public class TooManyRequestsException extends RuntimeException {

    private final String title;

    /** A refusal titled {@code title} ("Too many waits") whose {@code message} gives the limit and the numbers. */
    public TooManyRequestsException(String title, String message) {
        super(message);
        this.title = title;
    }

    /** What the limit is about, in a few words. */
    public String title() {
        return title;
    }
}
