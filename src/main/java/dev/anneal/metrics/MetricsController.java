package dev.anneal.metrics;

import dev.anneal.run.Runs;
import dev.anneal.web.FieldErrors;
import io.swagger.v3.oas.annotations.Operation;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.BindException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** Serves a run's metric series, its full history as CSV, and a live run's updates as Server-Sent Events. */
@RestController
class MetricsController {

    static final int DEFAULT_MAX_POINTS = 1000;
    static final int MAX_POINTS = 100_000;
    /** Names one request may list: each distinct key is one query, so a request names each at most once. */
    static final int MAX_KEY_NAMES = 50;
    /** Runs one request for several runs' series may name: as many as the compare page shows. */
    static final int MAX_RUNS = 100;
    /** Points one request for several runs' series may ask for in all: runs × keys × max_points. */
    static final int MAX_POINTS_OF_RUNS = 1_000_000;

    private final Runs runs;
    private final MetricQueries queries;
    private final EventLog events;
    private final LiveStreams streams;
    private final List<DerivedSeries> derived;

    MetricsController(
            Runs runs, MetricQueries queries, EventLog events, LiveStreams streams, List<DerivedSeries> derived) {
        this.runs = runs;
        this.queries = queries;
        this.events = events;
        this.streams = streams;
        this.derived = List.copyOf(derived);
    }

    @GetMapping(value = "/api/runs/{id}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(
            summary = "A live run's new points, events and status, as Server-Sent Events",
            description = "Once a second while the run lives: 'points' (the series of lr, train_loss, val_loss and"
                    + " val_acc since the last sent, raw), 'events' (all schedule events, when they changed),"
                    + " 'status' (status, step, total_steps, epoch, error, when changed). Starts after step 'after'"
                    + " (or the Last-Event-ID a reconnecting browser sends); ends when the run ends.")
    SseEmitter stream(
            @PathVariable UUID id,
            @RequestParam(defaultValue = "-1") int after,
            @RequestHeader(name = "Last-Event-ID", required = false) Integer lastEventId,
            Principal principal) {
        return streams.open(id, lastEventId != null ? lastEventId : Math.max(-1, after), principal.getName());
    }

    /**
     * A run's schedule events.
     *
     * @param runId the run
     * @param events in step order
     */
    record EventsResponse(UUID runId, List<ScheduleEvent> events) {}

    @GetMapping("/api/runs/{id}/events")
    @Operation(
            summary = "A run's schedule events",
            description = "Restarts (scheduled, or on a plateau with the reason), the end of warmup, checkpoints.")
    EventsResponse events(@PathVariable UUID id) {
        runs.requireExists(id);
        return new EventsResponse(id, events.of(id));
    }

    /**
     * The run's series.
     *
     * @param runId the run
     * @param series the series, one per requested key
     */
    record SeriesResponse(UUID runId, List<Series> series) {}

    @GetMapping("/api/runs/{id}/metrics")
    @Operation(
            summary = "A run's metric series",
            description =
                    "keys (comma-separated, at most 50; default the first 50 logged), from/to steps, max_points (default 1000). A"
                            + " series with more points is cut into max_points step buckets, each with its last value and"
                            + " its min and max.")
    SeriesResponse metrics(
            @PathVariable UUID id,
            @RequestParam(required = false) String keys,
            @RequestParam(defaultValue = "0") int from,
            @RequestParam(defaultValue = "" + Integer.MAX_VALUE) int to,
            @RequestParam(name = "max_points", defaultValue = "" + DEFAULT_MAX_POINTS) int maxPoints)
            throws BindException {
        runs.requireExists(id); // 404 for an unknown run
        var errors = new FieldErrors();
        // every key the run logged by default, the first MAX_KEY_NAMES of them: a script may log thousands
        var wanted =
                keys == null ? queries.keysOf(id).stream().limit(MAX_KEY_NAMES).toList() : parseKeys(keys, errors);
        if (from < 0) {
            errors.reject("from", from, "from must be >= 0 but was " + from);
        }
        if (to < from) {
            errors.reject("to", to, "to must be >= from (%d) but was %d".formatted(from, to));
        }
        errors.wholeNumber("max_points", maxPoints, 1, MAX_POINTS);
        errors.throwIfAny();
        return new SeriesResponse(
                id,
                wanted.stream().map(key -> series(id, key, from, to, maxPoints)).toList());
    }

    /**
     * One run's series and schedule events, as a request for several runs' answers them.
     *
     * @param runId the run
     * @param series the series, one per requested key
     * @param events its schedule events, in step order
     */
    record RunSeries(UUID runId, List<Series> series, List<ScheduleEvent> events) {}

    /**
     * Several runs' series and events.
     *
     * @param runs in the order asked for
     */
    record RunsSeriesResponse(List<RunSeries> runs) {}

    @GetMapping("/api/runs/series")
    @Operation(
            summary = "Several runs' metric series and schedule events at once",
            description = "ids: 1 to 100 run ids, comma-separated; keys (comma-separated, at most 50) and max_points"
                    + " (default 1000) as for one run's metrics, read for each run; runs x keys x max_points at most"
                    + " 1 000 000. What the compare page draws, in one request rather than two a run.")
    RunsSeriesResponse runsSeries(
            @RequestParam(required = false) String ids,
            @RequestParam(required = false) String keys,
            @RequestParam(name = "max_points", defaultValue = "" + DEFAULT_MAX_POINTS) int maxPoints)
            throws BindException {
        var errors = new FieldErrors();
        // absent names answer in words, naming the field, as a wrong one does
        if (ids == null) {
            errors.reject("ids", null, "ids must name the runs to read");
        }
        if (keys == null) {
            errors.reject("keys", null, "keys must name the metrics to read");
        }
        var runIds = ids == null ? List.<UUID>of() : parseRunIds(ids, errors);
        var wanted = keys == null ? List.<MetricKey>of() : parseKeys(keys, errors);
        errors.wholeNumber("max_points", maxPoints, 1, MAX_POINTS);
        errors.throwIfAny();
        if ((long) runIds.size() * wanted.size() * maxPoints > MAX_POINTS_OF_RUNS) {
            errors.reject(
                    "max_points",
                    maxPoints,
                    "%d runs x %d keys x max_points must be at most %d: ask for at most %d points a series"
                            .formatted(
                                    runIds.size(),
                                    wanted.size(),
                                    MAX_POINTS_OF_RUNS,
                                    MAX_POINTS_OF_RUNS / (runIds.size() * wanted.size())));
            errors.throwIfAny();
        }
        runIds.forEach(runs::requireExists); // 404 for an unknown run, before any is read
        return new RunsSeriesResponse(runIds.stream()
                .map(id -> new RunSeries(
                        id,
                        wanted.stream()
                                .map(key -> series(id, key, 0, Integer.MAX_VALUE, maxPoints))
                                .toList(),
                        events.of(id)))
                .toList());
    }

    /** The distinct run ids {@code ids} names, 1 to {@value #MAX_RUNS} of them, in order of first mention. */
    private static List<UUID> parseRunIds(String ids, FieldErrors errors) {
        var names = ids.split(",", MAX_RUNS + 1);
        if (names.length > MAX_RUNS) {
            errors.reject("ids", null, "ids must name at most %d runs".formatted(MAX_RUNS));
            return List.of();
        }
        var parsed = new LinkedHashSet<UUID>();
        for (String name : names) {
            try {
                parsed.add(UUID.fromString(name.strip()));
            } catch (IllegalArgumentException e) {
                errors.reject("ids", ids, "ids must be run ids, but '%s' is not one".formatted(name.strip()));
                return List.of();
            }
        }
        return List.copyOf(parsed);
    }

    /** The series the run logged under {@code key}; where it logged none, one a {@link DerivedSeries} computes. */
    private Series series(UUID id, MetricKey key, int from, int to, int maxPoints) {
        var logged = queries.series(id, key, from, to, maxPoints);
        if (!logged.points().isEmpty()) {
            return logged;
        }
        return derived.stream()
                .map(part -> part.derive(id, key, from, to, maxPoints))
                .flatMap(Optional::stream)
                .findFirst()
                .orElse(logged);
    }

    @GetMapping(value = "/api/runs/{id}/metrics.csv", produces = "text/csv")
    @Operation(summary = "A run's full metric history as CSV", description = "key,step,epoch,value,wall_time")
    ResponseEntity<StreamingResponseBody> csv(@PathVariable UUID id) {
        runs.requireExists(id);
        StreamingResponseBody body = out -> queries.writeCsv(id, new OutputStreamWriter(out, StandardCharsets.UTF_8));
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"run-%s-metrics.csv\"".formatted(id))
                .body(body);
    }

    /** The distinct keys {@code keys} names, in order of first mention: a repeated name is read once. */
    private static List<MetricKey> parseKeys(String keys, FieldErrors errors) {
        var names = keys.split(",", MAX_KEY_NAMES + 1);
        if (names.length > MAX_KEY_NAMES) {
            errors.reject("keys", null, "keys must name at most %d metrics".formatted(MAX_KEY_NAMES));
            return List.of();
        }
        var parsed = new LinkedHashSet<MetricKey>();
        for (String name : names) {
            var key = MetricKey.fromApiName(name.strip());
            if (key.isEmpty()) {
                errors.reject("keys", keys, "keys: " + MetricKey.rule(name.strip()));
                return List.of(); // one bad name says enough
            }
            parsed.add(key.get());
        }
        return List.copyOf(parsed);
    }
}
