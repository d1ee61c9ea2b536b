package dev.anneal.run;

import java.util.Locale;

/**
 * Thrown when a run is asked to move to a status its current status does not lead to. The message says what
 * happened and what the caller can do, in words, not in the status machine's terms: it reaches people as the 409's
 * detail.
 */
public class IllegalTransitionException extends IllegalStateException {

    IllegalTransitionException(Object runId, RunStatus from, RunStatus to) {
        super(explain("Run " + runId, from, to));
    }

    /** A move refused for a reason its statuses do not tell, given in {@code message}. */
    IllegalTransitionException(String message) {
        super(message);
    }

    private static String explain(String run, RunStatus from, RunStatus to) {
        String now = from.name().toLowerCase(Locale.ROOT);
        if (to == RunStatus.CANCELLED && from.isTerminal()) {
            return "%s already ended (%s): there is nothing left to cancel".formatted(run, now);
        }
        if (to == RunStatus.QUEUED && !from.isTerminal()) {
            return "%s is still %s: it needs no resume; cancel it first to stop it".formatted(run, now);
        }
        if (to == RunStatus.QUEUED && from == RunStatus.SUCCEEDED) {
            return "%s succeeded: a finished run is not resumed; launch a new run with its settings instead"
                    .formatted(run);
        }
        if (to == RunStatus.QUEUED && from == RunStatus.PRUNED) {
            return "%s was stopped by its sweep's early stopping, which stands: launch a new run with its settings"
                            .formatted(run)
                    + " to train it further";
        }
        return "%s is %s and cannot become %s".formatted(run, now, to.name().toLowerCase(Locale.ROOT));
    }
}
