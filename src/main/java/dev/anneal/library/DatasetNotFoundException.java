package dev.anneal.library;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** No uploaded dataset has the id or name asked for: answered as a 404. */
public class DatasetNotFoundException extends ResponseStatusException {

    DatasetNotFoundException(String reference) {
        super(HttpStatus.NOT_FOUND, "no uploaded dataset " + reference);
    }
}
