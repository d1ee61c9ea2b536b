package dev.anneal.run.web;

import dev.anneal.access.Actor;
import dev.anneal.run.Run;
import dev.anneal.run.RunDocuments;
import dev.anneal.run.Runs;
import dev.anneal.web.FieldErrors;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.security.Principal;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.BindException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Launches, lists, inspects, cancels and resumes runs. */
@RestController
class RunController {

    static final int MAX_WAIT_SECONDS = 300;
    private static final Duration POLL = Duration.ofMillis(200);
    private static final int CONFLICT_ATTEMPTS = 5;

    private final Runs runs;
    private final RunDocuments documents;
    /** Set when the application starts to shut down: a long-poll then answers at once. */
    private volatile boolean closing;

    RunController(Runs runs, RunDocuments documents) {
        this.runs = runs;
        this.documents = documents;
    }

    @PostMapping("/api/runs")
    @Operation(summary = "Launch a run", description = "Validates the launch body and queues the run.")
    ResponseEntity<RunView> launch(@RequestBody LaunchRequest request, Principal principal) throws BindException {
        var errors = new FieldErrors();
        var spec = request.toSpec(errors);
        errors.throwIfAny();
        var run = runs.launch(spec.orElseThrow(), Actor.of(principal).username());
        return ResponseEntity.created(URI.create("/api/runs/" + run.id())).body(RunView.of(run, documents));
    }

    @GetMapping("/api/runs")
    @Operation(summary = "List runs", description = "Filter by status, experiment, tag and name; sort; page.")
    RunView.Page list(@ParameterObject RunListing listing, @RequestParam(defaultValue = "20") int size)
            throws BindException {
        var errors = new FieldErrors();
        var filter = listing.filter(errors);
        var pageable = listing.pageable(size, errors);
        errors.throwIfAny();
        var found = runs.list(filter, pageable);
        return new RunView.Page(
                found.map(run -> RunView.of(run, documents)).getContent(),
                listing.page(),
                size,
                found.getTotalElements());
    }

    @GetMapping("/api/runs/{id}")
    @Operation(
            summary = "Get a run",
            description = "With wait=SECONDS, answers once the run is terminal or the time is up (for CI).")
    RunView get(@PathVariable UUID id, @RequestParam(defaultValue = "0") int wait)
            throws BindException, InterruptedException {
        var errors = new FieldErrors();
        errors.integer("wait", wait, 0, 0, MAX_WAIT_SECONDS);
        errors.throwIfAny();
        long deadline = System.nanoTime() + Duration.ofSeconds(wait).toNanos();
        var run = runs.get(id);
        while (!run.status().isTerminal() && System.nanoTime() < deadline && !closing) {
            Thread.sleep(POLL.toMillis());
            if (!closing) { // the database may be closing too; the last state read stands
                run = runs.get(id);
            }
        }
        return RunView.of(run, documents);
    }

    /**
     * A graceful shutdown waits for the requests in flight, and a long-poll would hold it for the rest of its wait
     * (up to five minutes, cut at the shutdown phase's 30 s): answer with the run as it stands instead. A CI client
     * sees a run that is not terminal and polls again once the application is back.
     */
    @EventListener(ContextClosedEvent.class)
    void onShutdown() {
        closing = true;
    }

    @PostMapping("/api/runs/{id}/cancel")
    @Operation(summary = "Cancel a queued or running run", description = "Its checkpoint is kept.")
    RunView cancel(@PathVariable UUID id, Principal principal) {
        return RunView.of(againOnConflict(() -> runs.cancel(id, Actor.of(principal))), documents);
    }

    @PostMapping("/api/runs/{id}/resume")
    @Operation(summary = "Resume a failed or cancelled run", description = "It continues from its last checkpoint.")
    RunView resume(@PathVariable UUID id, Principal principal) {
        return RunView.of(againOnConflict(() -> runs.resume(id, Actor.of(principal))), documents);
    }

    /**
     * A worker moves the run too (start, succeed, fail, requeue), so a user's cancel or resume can find the row's
     * version moved on between its read and its write. Each attempt is a transaction of its own that reads the row
     * afresh, and the status machine then refuses what the new state does not allow (a 409, not a 500). A worker's
     * progress and summary writes no longer count: they leave the version alone (see Run).
     */
    private static Run againOnConflict(Supplier<Run> transition) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transition.get();
            } catch (OptimisticLockingFailureException e) {
                if (attempt == CONFLICT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
