package dev.anneal.run.web;

import dev.anneal.access.Actor;
import dev.anneal.run.RunDocuments;
import dev.anneal.run.RunKind;
import dev.anneal.run.Runs;
import dev.anneal.run.UploadedDatasets;
import dev.anneal.run.UploadedModels;
import dev.anneal.web.ConflictRetry;
import dev.anneal.web.FieldErrors;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.security.Principal;
import java.time.Duration;
import java.util.UUID;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.BindException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/** Launches, lists, inspects, cancels and resumes runs. */
@RestController
class RunController {

    static final int MAX_WAIT_SECONDS = 300;

    private final Runs runs;
    private final RunDocuments documents;
    private final RunWaits waits;
    private final UploadedDatasets uploads;
    private final UploadedModels modules;

    RunController(Runs runs, RunDocuments documents, RunWaits waits, UploadedDatasets uploads, UploadedModels modules) {
        this.runs = runs;
        this.documents = documents;
        this.waits = waits;
        this.uploads = uploads;
        this.modules = modules;
    }

    @PostMapping("/api/runs")
    @Operation(
            summary = "Launch a run, or open one a script logs",
            description = "Validates the launch body and queues the run; a body of kind external opens a run that a"
                    + " script trains and logs to (/api/runs/{id}/log), RUNNING at once.")
    ResponseEntity<RunView> launch(@RequestBody LaunchRequest request, Principal principal) throws BindException {
        var errors = new FieldErrors();
        var spec = request.toSpec(errors, uploads, modules);
        var params = request.externalParams(errors);
        var source = request.externalSource(errors);
        errors.throwIfAny();
        var owner = Actor.of(principal).username();
        var run = spec.orElseThrow().kind() == RunKind.EXTERNAL
                ? runs.open(spec.orElseThrow(), source, params, owner)
                : runs.launch(spec.orElseThrow(), owner);
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
    @Operation(summary = "Get a run")
    RunView get(@PathVariable UUID id) {
        return RunView.of(runs.get(id), documents, runs.params(id));
    }

    @GetMapping(value = "/api/runs/{id}", params = "wait")
    @Operation(
            summary = "Get a run once it ends",
            description = "Answers once the run is terminal or wait (SECONDS, up to 300) is up (for CI). A user holds"
                    + " a few such waits at once (429 past that).")
    DeferredResult<RunView> await(@PathVariable UUID id, @RequestParam int wait, Principal principal)
            throws BindException {
        var errors = new FieldErrors();
        errors.integer("wait", wait, 0, 0, MAX_WAIT_SECONDS);
        errors.throwIfAny();
        return waits.await(id, Duration.ofSeconds(wait), Actor.of(principal).username());
    }

    @PostMapping("/api/runs/{id}/cancel")
    @Operation(summary = "Cancel a queued or running run", description = "Its checkpoint is kept.")
    RunView cancel(@PathVariable UUID id, Principal principal) {
        return RunView.of(ConflictRetry.again(() -> runs.cancel(id, Actor.of(principal))), documents);
    }

    @PostMapping("/api/runs/{id}/resume")
    @Operation(summary = "Resume a failed or cancelled run", description = "It continues from its last checkpoint.")
    RunView resume(@PathVariable UUID id, Principal principal) {
        return RunView.of(ConflictRetry.again(() -> runs.resume(id, Actor.of(principal))), documents);
    }
}
