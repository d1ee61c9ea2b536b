package dev.anneal.sweep.web;

import dev.anneal.access.Actor;
import dev.anneal.run.Runs;
import dev.anneal.sweep.SweepFilter;
import dev.anneal.sweep.SweepPlan;
import dev.anneal.sweep.SweepPlanner;
import dev.anneal.sweep.SweepStatus;
import dev.anneal.sweep.Sweeps;
import dev.anneal.sweep.TrialRecord;
import dev.anneal.web.ConflictRetry;
import dev.anneal.web.FieldErrors;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.BindException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Creates, previews, lists, inspects and cancels sweeps, and exports their trials. */
@RestController
class SweepController {

    static final int MAX_PAGE_SIZE = 100;

    private final Sweeps sweeps;
    private final SweepPlanner planner;
    private final Runs runs;

    SweepController(Sweeps sweeps, SweepPlanner planner, Runs runs) {
        this.sweeps = sweeps;
        this.planner = planner;
        this.runs = runs;
    }

    @PostMapping("/api/sweeps")
    @Operation(
            summary = "Create a sweep",
            description = "Validates every trial's configuration as a launch would be, stores them all, and starts"
                    + " launching them, parallelism at a time.")
    ResponseEntity<SweepView> create(@RequestBody SweepRequest request, Principal principal) throws BindException {
        var plan = plan(request);
        var sweep = sweeps.create(plan, Actor.of(principal).username());
        return ResponseEntity.created(URI.create("/api/sweeps/" + sweep.id())).body(view(sweep.id()));
    }

    @PostMapping("/api/sweeps/preview")
    @Operation(
            summary = "Preview a sweep",
            description = "Validates it as creating it would, and counts its trials and steps; launches nothing.")
    SweepPreview preview(@RequestBody SweepRequest request) throws BindException {
        return SweepPreview.of(plan(request));
    }

    @GetMapping("/api/sweeps")
    @Operation(summary = "List sweeps", description = "Filter by status, experiment and name; newest first; paged.")
    SweepView.Page list(
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String experiment,
            @RequestParam(required = false) String q,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size)
            throws BindException {
        var errors = new FieldErrors();
        var wanted = errors.choice("status", status, null, SweepStatus.class, SweepStatus::name);
        errors.integer("page", page, 0, 0, Integer.MAX_VALUE / MAX_PAGE_SIZE);
        errors.integer("size", size, 20, 1, MAX_PAGE_SIZE);
        errors.throwIfAny();
        var found =
                sweeps.list(new SweepFilter(wanted.orElse(null), blankToNull(experiment), blankToNull(q)), page, size);
        var items = found.sweeps().stream()
                .map(listed -> {
                    var sweep = listed.sweep();
                    var spec = sweep.spec();
                    return new SweepView.Summary(
                            sweep.id(),
                            spec.name(),
                            spec.experiment(),
                            sweep.status(),
                            sweep.owner(),
                            spec.method(),
                            List.copyOf(spec.parameters().keySet()),
                            spec.metric(),
                            listed.trials(),
                            sweep.createdAt(),
                            sweep.finishedAt());
                })
                .toList();
        return new SweepView.Page(items, page, size, found.total());
    }

    @GetMapping("/api/sweeps/{id}")
    @Operation(
            summary = "Get a sweep",
            description = "Its trials with their rungs and decisions, the best, the groups.")
    SweepView get(@PathVariable UUID id) {
        return view(id);
    }

    @PostMapping("/api/sweeps/{id}/cancel")
    @Operation(
            summary = "Cancel a sweep",
            description = "Launches nothing more and cancels its queued and running trials.")
    SweepView cancel(@PathVariable UUID id, Principal principal) {
        // a trial's worker may move its run while the sweep cancels it: the whole cancel is tried again, afresh
        ConflictRetry.again(() -> sweeps.cancel(id, Actor.of(principal)));
        return view(id);
    }

    @GetMapping(value = "/api/sweeps/{id}/trials.csv")
    @Operation(summary = "Export a sweep's trials", description = "One row per trial: params, status, metric, rungs.")
    void csv(@PathVariable UUID id, HttpServletResponse response) throws IOException {
        var view = view(id);
        response.setContentType("text/csv");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader(
                "Content-Disposition", "attachment; filename=\"%s-trials.csv\"".formatted(TrialsCsv.safe(view.name())));
        TrialsCsv.write(view, response.getWriter());
    }

    private SweepPlan plan(SweepRequest request) throws BindException {
        var errors = new FieldErrors();
        var spec = request.toSpec(errors);
        errors.throwIfAny();
        var plan = planner.plan(spec.orElseThrow(), errors);
        errors.throwIfAny();
        return plan.orElseThrow();
    }

    private SweepView view(UUID id) {
        var found = sweeps.withTrials(id);
        var ids = found.trials().stream()
                .map(TrialRecord::runId)
                .filter(Objects::nonNull)
                .toList();
        return SweepView.of(found.sweep(), found.trials(), runs.find(ids));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
