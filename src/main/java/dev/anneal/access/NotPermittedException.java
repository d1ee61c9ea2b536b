package dev.anneal.access;

/**
 * The request's user may not do this to this thing (a run, a token), though their role lets them make the request:
 * answered as a 403 that says who may.
 */
public class NotPermittedException extends RuntimeException {

    /** A refusal that says who may. */
    public NotPermittedException(String message) {
        super(message);
    }
}
