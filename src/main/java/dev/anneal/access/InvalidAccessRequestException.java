package dev.anneal.access;

import dev.anneal.web.InvalidFieldException;

/** A request about users or tokens that breaks a rule, naming the field at fault: answered as a 400. */
public class InvalidAccessRequestException extends InvalidFieldException {

    /** A refusal of {@code field} for the reason {@code message} gives. */
    public InvalidAccessRequestException(String field, String message) {
        super(field, message);
    }
}
