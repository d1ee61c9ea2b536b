package dev.anneal.sweep;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** Thrown when no sweep has the requested id. */
public class SweepNotFoundException extends ResponseStatusException {

    SweepNotFoundException(UUID id) {
        super(HttpStatus.NOT_FOUND, "no sweep has id " + id);
    }
}
