package dev.anneal.run;

import java.util.UUID;

/**
 * Thrown when a script logs to, or ends, a run Anneal trains itself: only its worker writes to it. Answered as a 409
 * that says what to do instead.
 */
public class NotLoggedRunException extends IllegalStateException {

    NotLoggedRunException(UUID runId, RunKind kind) {
        super(
                "run %s is a %s run that Anneal trains: only its worker logs to it; create a run with kind \"external\" to log from a script"
                        .formatted(runId, kind.apiName()));
    }
}
