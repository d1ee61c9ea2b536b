package dev.anneal.library;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** An upload a queued or training run still needs, which cannot be deleted now: answered as a 409 saying which. */
public class InUseException extends ResponseStatusException {

    InUseException(String reason) {
        super(HttpStatus.CONFLICT, reason);
    }
}
