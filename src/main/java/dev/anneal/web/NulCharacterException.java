package dev.anneal.web;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * A JSON string held the NUL character (U+0000), which PostgreSQL cannot store in text and no name, tag or note
 * needs: refused where it is read, so the field is named, rather than where a statement fails.
 */
public class NulCharacterException extends MismatchedInputException {

    NulCharacterException(JsonParser parser) {
        super(parser, "text must not contain the NUL character (U+0000)", String.class);
    }
}
