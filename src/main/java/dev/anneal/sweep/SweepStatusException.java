package dev.anneal.sweep;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** Thrown when a sweep cannot make the move asked for from where it is: a finished sweep cannot be cancelled. */
public class SweepStatusException extends ResponseStatusException {

    SweepStatusException(UUID id, SweepStatus status, SweepStatus wanted) {
        super(HttpStatus.CONFLICT, "sweep %s is %s; it cannot become %s".formatted(id, status, wanted));
    }
}
