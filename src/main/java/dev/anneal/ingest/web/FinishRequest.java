package dev.anneal.ingest.web;

import dev.anneal.run.RunStatus;
import dev.anneal.web.FieldErrors;
import java.util.Optional;

/**
 * The body of {@code POST /api/runs/{id}/finish}: how the script's run ended, in MLflow's words.
 *
 * @param status {@code FINISHED} (the default), {@code FAILED} or {@code KILLED}
 */
record FinishRequest(String status) {

    /** How a script says its run ended, and the status each gives the run. */
    enum Outcome {
        FINISHED(RunStatus.SUCCEEDED),
        FAILED(RunStatus.FAILED),
        KILLED(RunStatus.CANCELLED);

        private final RunStatus status;

        Outcome(RunStatus status) {
            this.status = status;
        }

        RunStatus status() {
            return status;
        }
    }

    /** The status the run ends in, or empty with the problem recorded. */
    Optional<RunStatus> outcome(FieldErrors errors) {
        return errors.choice("status", status, Outcome.FINISHED, Outcome.class, Enum::name)
                .map(Outcome::status);
    }
}
