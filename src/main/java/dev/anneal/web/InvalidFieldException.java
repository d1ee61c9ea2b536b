package dev.anneal.web;

/**
 * A request a module refused for one field's sake, found past the web layer's checks (a param logged again with
 * another value): answered as a 400 naming the field, like any {@link FieldErrors} problem.
 */
public class InvalidFieldException extends RuntimeException {

    private final String field;

    /** A refusal of {@code field} for the reason {@code message} gives. */
    public InvalidFieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The request's field at fault, as a JSON path: {@code params.lr}. */
    public String field() {
        return field;
    }
}
