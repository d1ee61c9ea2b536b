package dev.anneal.run;

/** Thrown when a run is asked to move to a status its current status does not lead to. */
public class IllegalTransitionException extends IllegalStateException {

    IllegalTransitionException(Object runId, RunStatus from, RunStatus to) {
        super("Run %s cannot go from %s to %s".formatted(runId, from, to));
    }
}
