package dev.anneal.run;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** Thrown when no run has the requested id. */
public class RunNotFoundException extends ResponseStatusException {

    RunNotFoundException(UUID id) {
        super(HttpStatus.NOT_FOUND, "no run has id " + id);
    }
}
