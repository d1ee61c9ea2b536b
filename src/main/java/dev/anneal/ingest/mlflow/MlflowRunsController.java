package dev.anneal.ingest.mlflow;

import dev.anneal.access.Actor;
import dev.anneal.ingest.LoggedBatch;
import dev.anneal.ingest.RunArtifacts;
import dev.anneal.ingest.RunLogs;
import dev.anneal.ingest.mlflow.MlflowViews.Metric;
import dev.anneal.ingest.mlflow.MlflowViews.RunInfo;
import dev.anneal.ingest.mlflow.MlflowViews.RunView;
import dev.anneal.metrics.MetricKey;
import dev.anneal.metrics.MetricPoint;
import dev.anneal.metrics.MetricQueries;
import dev.anneal.run.LoggedFields;
import dev.anneal.run.Run;
import dev.anneal.run.RunSource;
import dev.anneal.run.RunSpec;
import dev.anneal.run.RunStatus;
import dev.anneal.run.Runs;
import dev.anneal.web.ConflictRetry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * MLflow's runs and metrics API over Anneal's runs: a run an MLflow client creates is an external run, and what it
 * logs goes through {@link RunLogs} as the native API's batches do. Numbers may come as JSON numbers or, as MLflow's
 * Python client sends 64-bit ones, as strings. MLflow's system tags fill the run's name ({@code mlflow.runName}) and
 * source ({@code mlflow.source.name}, {@code mlflow.source.git.commit}).
 */
@RestController
@RequestMapping("/api/2.0/mlflow")
@Tag(name = "MLflow")
class MlflowRunsController {

    /** MLflow's bounds of one log-batch. */
    static final int MAX_METRICS = 1000;

    static final int MAX_PARAMS = 100;

    static final int MAX_TAGS = 100;

    /** The most points get-history answers a page, MLflow's default and most. */
    static final int MAX_HISTORY = 25_000;

    private final Runs runs;
    private final RunLogs logs;
    private final MetricQueries metrics;
    private final MlflowViews views;
    private final RunSearch search;
    private final RunArtifacts artifacts;
    private final Clock clock;

    MlflowRunsController(
            Runs runs,
            RunLogs logs,
            MetricQueries metrics,
            MlflowViews views,
            RunSearch search,
            RunArtifacts artifacts,
            Clock clock) {
        this.artifacts = artifacts;
        this.runs = runs;
        this.logs = logs;
        this.metrics = metrics;
        this.views = views;
        this.search = search;
        this.clock = clock;
    }

    record KeyValue(String key, String value) {}

    record MetricRequest(String key, JsonNode value, JsonNode timestamp, JsonNode step) {}

    record CreateRequest(String experimentId, String userId, String runName, JsonNode startTime, List<KeyValue> tags) {}

    record RunRequest(String runId, String runUuid) {

        String id() {
            return runId != null ? runId : runUuid;
        }
    }

    record UpdateRequest(String runId, String runUuid, String status, JsonNode endTime, String runName) {}

    record LogMetricRequest(
            String runId, String runUuid, String key, JsonNode value, JsonNode timestamp, JsonNode step) {}

    record LogBatchRequest(
            String runId, String runUuid, List<MetricRequest> metrics, List<KeyValue> params, List<KeyValue> tags) {}

    record KeyValueRequest(String runId, String runUuid, String key, String value) {}

    record SearchRequest(
            List<String> experimentIds,
            String filter,
            String runViewType,
            Integer maxResults,
            List<String> orderBy,
            String pageToken) {}

    record OneRun(RunView run) {}

    record Updated(RunInfo runInfo) {}

    record Found(List<RunView> runs, String nextPageToken) {}

    record History(List<Metric> metrics, String nextPageToken) {}

    @PostMapping("/runs/create")
    @Operation(summary = "MLflow: create a run", description = "An external run, owned by the caller")
    OneRun create(@RequestBody CreateRequest request, Principal principal) {
        var actor = Actor.of(principal);
        var experiment =
                views.findExperiment(request.experimentId() == null ? MlflowViews.DEFAULT_ID : request.experimentId());
        if (experiment.isPresent() && experiment.get().deletedAt().isPresent()) {
            throw new MlflowException(
                    "INVALID_STATE",
                    org.springframework.http.HttpStatus.BAD_REQUEST,
                    "The experiment " + request.experimentId() + " must be in the 'active' state");
        }
        String experimentName = experiment.map(e -> e.name()).orElseGet(() -> {
            if (!MlflowViews.DEFAULT_ID.equals(request.experimentId()) && request.experimentId() != null) {
                throw MlflowException.notFound("No experiment with id " + request.experimentId() + " exists");
            }
            return MlflowViews.DEFAULT_EXPERIMENT;
        });
        var tags = pairs("tags", request.tags(), MAX_TAGS, true);
        String name = request.runName() != null && !request.runName().isBlank()
                ? request.runName().strip()
                : tags.get("mlflow.runName");
        var run = runs.open(
                RunSpec.external(name, experimentName, List.of(), "", null),
                sourceOf(tags),
                Map.of(),
                actor.username());
        if (!tags.isEmpty()) {
            ConflictRetry.again(() -> logs.log(run.id(), actor, new LoggedBatch(List.of(), Map.of(), tags)));
        }
        return new OneRun(view(runs.get(run.id())));
    }

    @GetMapping("/runs/get")
    @Operation(summary = "MLflow: get a run", description = "Any run: one Anneal trained shows its config as params")
    OneRun get(
            @RequestParam(name = "run_id", required = false) String runId,
            @RequestParam(name = "run_uuid", required = false) String runUuid) {
        return new OneRun(view(run(runId != null ? runId : runUuid)));
    }

    @PostMapping("/runs/update")
    @Operation(summary = "MLflow: end a run, take it up again, or rename it")
    Updated update(@RequestBody UpdateRequest request, Principal principal) {
        var actor = Actor.of(principal);
        var id = run(request.runId() != null ? request.runId() : request.runUuid())
                .id();
        if (request.runName() != null && !request.runName().isBlank()) {
            ConflictRetry.again(() -> runs.rename(id, request.runName().strip(), actor));
        }
        if (request.status() != null) {
            var current = runs.get(id).status();
            switch (request.status()) {
                case "RUNNING", "SCHEDULED" -> {
                    if (current != RunStatus.RUNNING) {
                        ConflictRetry.again(() -> runs.reopen(id, actor));
                    }
                }
                case "FINISHED", "FAILED", "KILLED" -> {
                    var outcome = switch (request.status()) {
                        case "FINISHED" -> RunStatus.SUCCEEDED;
                        case "FAILED" -> RunStatus.FAILED;
                        default -> RunStatus.CANCELLED;
                    };
                    if (current != outcome) {
                        if (current.isTerminal()) {
                            ConflictRetry.again(() -> runs.reopen(id, actor));
                        }
                        ConflictRetry.again(() -> logs.finish(id, actor, outcome));
                    }
                }
                default ->
                    throw MlflowException.invalid("Invalid value '" + request.status()
                            + "' for parameter 'status': RUNNING, SCHEDULED, FINISHED, FAILED or KILLED");
            }
        }
        return new Updated(views.info(runs.get(id)));
    }

    @PostMapping("/runs/delete")
    @Operation(summary = "MLflow: delete a run (kept, out of listings, until restored)")
    Map<String, Object> delete(@RequestBody RunRequest request, Principal principal) {
        var id = run(request.id()).id();
        ConflictRetry.again(() -> runs.setDeleted(id, true, Actor.of(principal)));
        return Map.of();
    }

    @PostMapping("/runs/restore")
    @Operation(summary = "MLflow: restore a deleted run")
    Map<String, Object> restore(@RequestBody RunRequest request, Principal principal) {
        var id = run(request.id()).id();
        ConflictRetry.again(() -> runs.setDeleted(id, false, Actor.of(principal)));
        return Map.of();
    }

    @PostMapping("/runs/log-metric")
    @Operation(summary = "MLflow: log one metric value")
    Map<String, Object> logMetric(@RequestBody LogMetricRequest request, Principal principal) {
        var id = run(request.runId() != null ? request.runId() : request.runUuid())
                .id();
        var point =
                point(id, new MetricRequest(request.key(), request.value(), request.timestamp(), request.step()), "");
        store(id, Actor.of(principal), new LoggedBatch(List.of(point), Map.of(), Map.of()));
        return Map.of();
    }

    @PostMapping("/runs/log-batch")
    @Operation(
            summary = "MLflow: log metrics, params and tags at once",
            description = "At most 1 000 metrics, 100 params and 100 tags, MLflow's limits; all or nothing")
    Map<String, Object> logBatch(@RequestBody LogBatchRequest request, Principal principal) {
        var id = run(request.runId() != null ? request.runId() : request.runUuid())
                .id();
        var given = request.metrics() == null ? List.<MetricRequest>of() : request.metrics();
        if (given.size() > MAX_METRICS) {
            throw MlflowException.invalid("A batch logging request can contain at most %d metrics. Got %d metrics."
                    .formatted(MAX_METRICS, given.size()));
        }
        var points = new ArrayList<MetricPoint>();
        for (int i = 0; i < given.size(); i++) {
            points.add(point(id, given.get(i), "metrics[" + i + "]."));
        }
        var params = pairs("params", request.params(), MAX_PARAMS, false);
        var tags = pairs("tags", request.tags(), MAX_TAGS, true);
        store(id, Actor.of(principal), new LoggedBatch(points, params, tags));
        return Map.of();
    }

    @PostMapping("/runs/log-parameter")
    @Operation(summary = "MLflow: log a param (written once)")
    Map<String, Object> logParameter(@RequestBody KeyValueRequest request, Principal principal) {
        var id = run(request.runId() != null ? request.runId() : request.runUuid())
                .id();
        var params = pairs("params", List.of(new KeyValue(request.key(), request.value())), 1, false);
        store(id, Actor.of(principal), new LoggedBatch(List.of(), params, Map.of()));
        return Map.of();
    }

    @PostMapping("/runs/set-tag")
    @Operation(summary = "MLflow: set a tag")
    Map<String, Object> setTag(@RequestBody KeyValueRequest request, Principal principal) {
        var id = run(request.runId() != null ? request.runId() : request.runUuid())
                .id();
        var tags = pairs("tags", List.of(new KeyValue(request.key(), request.value())), 1, true);
        store(id, Actor.of(principal), new LoggedBatch(List.of(), Map.of(), tags));
        return Map.of();
    }

    @PostMapping("/runs/delete-tag")
    @Operation(summary = "MLflow: delete a tag")
    Map<String, Object> deleteTag(@RequestBody KeyValueRequest request, Principal principal) {
        var id = run(request.runId() != null ? request.runId() : request.runUuid())
                .id();
        if (!ConflictRetry.again(() -> runs.untag(id, request.key(), Actor.of(principal)))) {
            throw MlflowException.notFound("No tag with name: %s in run with id %s".formatted(request.key(), id));
        }
        return Map.of();
    }

    @PostMapping("/runs/search")
    @Operation(
            summary = "MLflow: search runs",
            description = "filter: clauses on metrics., params., tags., attributes. with = != < > <= >= LIKE ILIKE,"
                    + " joined by AND; order_by; max_results (default 1000, at most 50 000); page_token")
    Found search(@RequestBody SearchRequest request) {
        var page = search.search(
                request.experimentIds(),
                request.filter(),
                ViewType.of(request.runViewType()),
                request.orderBy(),
                request.maxResults(),
                request.pageToken());
        return new Found(page.items(), page.nextPageToken());
    }

    @GetMapping("/metrics/get-history")
    @Operation(summary = "MLflow: a metric's every logged value, paged (25 000 a page)")
    History history(
            @RequestParam(name = "run_id", required = false) String runId,
            @RequestParam(name = "run_uuid", required = false) String runUuid,
            @RequestParam(name = "metric_key") String metricKey,
            @RequestParam(name = "page_token", required = false) String pageToken,
            @RequestParam(name = "max_results", required = false) Integer maxResults) {
        var run = run(runId != null ? runId : runUuid);
        var key = MetricKey.fromApiName(metricKey)
                .orElseThrow(() -> MlflowException.invalid("Invalid metric name: " + MetricKey.rule(metricKey)));
        int size = maxResults == null ? MAX_HISTORY : maxResults;
        if (size < 1 || size > MAX_HISTORY) {
            throw MlflowException.invalid("max_results must be between 1 and " + MAX_HISTORY);
        }
        long after = pageToken == null || pageToken.isEmpty() ? -1 : Paging.offset(pageToken) - 1L;
        var points = metrics.history(run.id(), key, after, size + 1);
        boolean more = points.size() > size;
        var page = more ? points.subList(0, size) : points;
        return new History(
                page.stream().map(Metric::of).toList(),
                more ? Paging.token(page.get(page.size() - 1).step() + 1) : null);
    }

    record ArtifactFile(String path, boolean isDir, Long fileSize) {}

    record Artifacts(String rootUri, List<ArtifactFile> files) {}

    @GetMapping("/artifacts/list")
    @Operation(summary = "MLflow: a run's artifacts, one folder at a time")
    Artifacts artifacts(
            @RequestParam(name = "run_id", required = false) String runId,
            @RequestParam(name = "run_uuid", required = false) String runUuid,
            @RequestParam(required = false) String path) {
        var run = run(runId != null ? runId : runUuid);
        return new Artifacts(
                views.info(run).artifactUri(),
                artifacts.list(run.id(), path).stream()
                        .map(entry -> new ArtifactFile(entry.path(), entry.directory(), entry.size()))
                        .toList());
    }

    private void store(UUID id, Actor actor, LoggedBatch batch) {
        ConflictRetry.again(() -> logs.log(id, actor, batch));
        var tags = batch.tags();
        if (tags.containsKey("mlflow.runName") && !tags.get("mlflow.runName").isBlank()) {
            ConflictRetry.again(() -> runs.rename(id, tags.get("mlflow.runName").strip(), actor));
        }
        if (tags.containsKey("mlflow.source.name") || tags.containsKey("mlflow.source.git.commit")) {
            var held = runs.source(id);
            var source = new RunSource(
                    tags.getOrDefault("mlflow.source.name", held.script()),
                    tags.getOrDefault("mlflow.source.git.commit", held.gitCommit()),
                    held.dirty(),
                    held.host());
            ConflictRetry.again(() -> runs.describeSource(id, source, actor));
        }
    }

    private RunView view(Run run) {
        var latest = metrics.latest(List.of(run.id())).getOrDefault(run.id(), List.of());
        return views.of(run, runs.params(run.id()), latest);
    }

    private Run run(String id) {
        if (id == null || id.isBlank()) {
            throw MlflowException.invalid("Missing value for required parameter 'run_id'.");
        }
        try {
            return runs.get(UUID.fromString(id));
        } catch (IllegalArgumentException notAnId) {
            throw MlflowException.notFound("Run '" + id + "' not found");
        }
    }

    private MetricPoint point(UUID runId, MetricRequest metric, String at) {
        if (metric == null) {
            throw MlflowException.invalid(at + " must be a metric: {key, value, timestamp, step}");
        }
        var key = MetricKey.fromApiName(metric.key())
                .orElseThrow(() -> MlflowException.invalid(
                        "Invalid metric name at " + at + "key: " + MetricKey.rule(metric.key())));
        double value = MlflowNumbers.real(metric.value(), at + "value");
        long step =
                metric.step() == null || metric.step().isNull() ? 0 : MlflowNumbers.whole(metric.step(), at + "step");
        if (step < 0 || step > Integer.MAX_VALUE) {
            throw MlflowException.invalid(
                    "%sstep must be from 0 to %d but was %d".formatted(at, Integer.MAX_VALUE, step));
        }
        long time = metric.timestamp() == null || metric.timestamp().isNull()
                ? clock.millis()
                : MlflowNumbers.whole(metric.timestamp(), at + "timestamp");
        if (time < 0 || time > 253_402_300_799_999L) {
            throw MlflowException.invalid(at + "timestamp must be milliseconds since 1970-01-01 but was " + time);
        }
        return new MetricPoint(runId, key, (int) step, 0, value, Instant.ofEpochMilli(time));
    }

    private static Map<String, String> pairs(String field, List<KeyValue> given, int most, boolean tags) {
        var read = new LinkedHashMap<String, String>();
        if (given == null) {
            return read;
        }
        if (given.size() > most) {
            throw MlflowException.invalid("A batch logging request can contain at most %d %s. Got %d %s."
                    .formatted(most, field, given.size(), field));
        }
        for (int i = 0; i < given.size(); i++) {
            var pair = given.get(i);
            if (pair == null || !LoggedFields.isKey(pair.key())) {
                throw MlflowException.invalid("Invalid %s name at %s[%d]: %s"
                        .formatted(
                                tags ? "tag" : "param",
                                field,
                                i,
                                LoggedFields.keyRule(pair == null ? null : pair.key())));
            }
            String value = pair.value() == null ? "" : pair.value();
            if (value.indexOf('\u0000') >= 0) {
                throw MlflowException.invalid("%s[%d] must not contain the NUL character (U+0000)".formatted(field, i));
            }
            int max = tags ? LoggedFields.MAX_TAG_VALUE : LoggedFields.MAX_PARAM_VALUE;
            if (value.length() > max) {
                throw MlflowException.invalid("%s[%d] '%s' has a value of %d characters; at most %d"
                        .formatted(field, i, pair.key(), value.length(), max));
            }
            read.put(pair.key(), value);
        }
        return read;
    }

    private static RunSource sourceOf(Map<String, String> tags) {
        return new RunSource(tags.get("mlflow.source.name"), tags.get("mlflow.source.git.commit"), null, null);
    }
}
