package dev.anneal.web;

import java.util.Collection;
import java.util.stream.Collectors;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns a body Jackson could not read into a problem a person can act on: which field, and what it should be. The
 * problem handler answers a request body with it; a module that reads JSON documents of its own (a sweep's trial
 * configurations) reports their problems the same way.
 */
public final class JsonProblems {

    private JsonProblems() {}

    /** What is wrong with a request body that could not be read. */
    public static FieldProblem describe(HttpMessageNotReadableException e) {
        if (!(e.getCause() instanceof JacksonException jackson)) {
            return new FieldProblem(null, "the request body is missing or unreadable");
        }
        return describe(jackson);
    }

    /** What is wrong with a document Jackson could not read, naming the field by its JSON path when it can. */
    public static FieldProblem describe(JacksonException jackson) {
        String field = path(jackson);
        if (jackson instanceof UnrecognizedPropertyException unknown) {
            return new FieldProblem(
                    field,
                    "%s is not a known field; known fields are %s"
                            .formatted(field, known(unknown.getKnownPropertyIds())));
        }
        if (jackson instanceof NulCharacterException) {
            String named = field.isEmpty() ? "the body" : field;
            return new FieldProblem(
                    field.isEmpty() ? null : field, named + " must not contain the NUL character (U+0000)");
        }
        if (jackson instanceof InputCoercionException) {
            return new FieldProblem(field, field + " is out of range");
        }
        if (jackson instanceof MismatchedInputException mismatch && !field.isEmpty()) {
            return new FieldProblem(field, "%s must be %s".formatted(field, describe(mismatch.getTargetType())));
        }
        if (jackson instanceof StreamReadException read && read.getLocation() != null) {
            return new FieldProblem(
                    null,
                    "malformed JSON at line %d, column %d: %s"
                            .formatted(
                                    read.getLocation().getLineNr(),
                                    read.getLocation().getColumnNr(),
                                    plain(read.getOriginalMessage())));
        }
        return new FieldProblem(
                field.isEmpty() ? null : field,
                "the request body is not valid: " + plain(jackson.getOriginalMessage()));
    }

    /**
     * Jackson's words without its class and setting names ("from `StreamReadConstraints.getMaxNestingDepth()`",
     * "(bound as `dev.anneal…`)"): they mean nothing to a caller and tell an attacker what parses the body.
     */
    static String plain(String message) {
        if (message == null) {
            return "it could not be read";
        }
        return message.replaceAll(",? from `[^`]*`", "")
                .replaceAll(" ?\\(bound as `[^`]*`\\)", "")
                .replaceAll(":? ?not allowed as per `[^`]*`", "")
                .replaceAll("`[^`]*\\.[^`]*`", "a value")
                .strip();
    }

    private static String path(JacksonException e) {
        var path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "a different kind of value";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
            return "a number";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "an object";
    }

    private static String known(Collection<Object> ids) {
        return ids == null
                ? "listed in the API docs"
                : ids.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }
}
