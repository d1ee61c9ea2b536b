package dev.anneal.library;

import dev.anneal.web.InvalidFieldException;

/** An uploaded dataset refused for a reason its uploader can act on, naming the file, row or field at fault. */
class DataRefusedException extends InvalidFieldException {

    DataRefusedException(String field, String message) {
        super(field, field + ": " + message);
    }
}
