package dev.anneal.access;

/** A request about users or tokens that breaks a rule, naming the field at fault: answered as a 400. */
public class InvalidAccessRequestException extends RuntimeException {

    private final String field;

    /** A refusal of {@code field} for the reason {@code message} gives. */
    public InvalidAccessRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The request's field at fault: {@code password}, {@code expires_in_days}. */
    public String field() {
        return field;
    }
}
