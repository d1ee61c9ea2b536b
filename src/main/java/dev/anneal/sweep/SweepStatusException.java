package dev.anneal.sweep;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** Thrown when a sweep cannot make the move asked for from where it is: a finished sweep cannot be cancelled. */
public class SweepStatusException extends ResponseStatusException {

    SweepStatusException(UUID id, SweepStatus status, SweepStatus wanted) {
        super(HttpStatus.CONFLICT, explain(id, status, wanted));
    }

    private static String explain(UUID id, SweepStatus status, SweepStatus wanted) {
        String now = status.name().toLowerCase(java.util.Locale.ROOT);
        if (wanted == SweepStatus.CANCELLED) {
            return "sweep %s already ended (%s): there is nothing left to cancel".formatted(id, now);
        }
        return "sweep %s is %s and cannot become %s"
                .formatted(id, now, wanted.name().toLowerCase(java.util.Locale.ROOT));
    }
}
