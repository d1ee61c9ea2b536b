package dev.anneal.ingest.web;

import dev.anneal.access.Actor;
import dev.anneal.ingest.RunLogs;
import dev.anneal.web.ConflictRetry;
import dev.anneal.web.FieldErrors;
import io.swagger.v3.oas.annotations.Operation;
import java.security.Principal;
import java.time.Clock;
import java.util.UUID;
import org.springframework.validation.BindException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Anneal's native logging API: a script logs to its external run in columnar batches, and ends it. */
@RestController
class LogController {

    private final RunLogs logs;
    private final Clock clock;

    LogController(RunLogs logs, Clock clock) {
        this.logs = logs;
        this.clock = clock;
    }

    @PostMapping("/api/runs/{id}/log")
    @Operation(
            summary = "Log to an external run",
            description = "Metric points by series ({key, steps, values, times?}), params and tags; up to 100 000"
                    + " points a request, stored whole or not at all. A point logged again at its key and step"
                    + " replaces the stored one, so a retried request is safe.")
    LogAnswer log(@PathVariable UUID id, @RequestBody LogRequest request, Principal principal) throws BindException {
        var errors = new FieldErrors();
        var batch = request.toBatch(id, clock.instant(), errors);
        errors.throwIfAny();
        var run = ConflictRetry.again(() -> logs.log(id, Actor.of(principal), batch));
        return new LogAnswer(batch.points().size(), run.progressStep());
    }

    @PostMapping("/api/runs/{id}/finish")
    @Operation(
            summary = "End an external run",
            description = "status FINISHED (the default), FAILED or KILLED: the run becomes SUCCEEDED, FAILED or"
                    + " CANCELLED. A script may log to it again, which takes it up (RUNNING) only through MLflow's"
                    + " update-run.")
    LogAnswer finish(@PathVariable UUID id, @RequestBody(required = false) FinishRequest request, Principal principal)
            throws BindException {
        var errors = new FieldErrors();
        var outcome = (request == null ? new FinishRequest(null) : request).outcome(errors);
        errors.throwIfAny();
        var run = ConflictRetry.again(() -> logs.finish(id, Actor.of(principal), outcome.orElseThrow()));
        return new LogAnswer(0, run.progressStep());
    }

    /**
     * What a logging request stored.
     *
     * @param points the points it stored, after repeats within it were merged
     * @param lastStep the run's last step logged so far
     */
    record LogAnswer(int points, long lastStep) {}
}
