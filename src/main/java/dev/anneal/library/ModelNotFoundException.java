package dev.anneal.library;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** No uploaded model has the id or the name and version asked for: answered as a 404. */
public class ModelNotFoundException extends ResponseStatusException {

    ModelNotFoundException(String reference) {
        super(HttpStatus.NOT_FOUND, "no uploaded model " + reference);
    }
}
