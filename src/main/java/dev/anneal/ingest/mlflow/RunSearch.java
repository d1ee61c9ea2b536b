package dev.anneal.ingest.mlflow;

import dev.anneal.ingest.mlflow.MlflowViews.RunView;
import dev.anneal.ingest.mlflow.RunFilterGrammar.Clause;
import dev.anneal.ingest.mlflow.RunFilterGrammar.Order;
import dev.anneal.metrics.MetricQueries;
import dev.anneal.run.Run;
import dev.anneal.run.Runs;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * MLflow's run search: the runs of some experiments that pass a filter (MLflow's grammar, {@link RunFilterGrammar}),
 * sorted by its {@code order_by} (default: newest first), a page at a time. The candidates (an experiment's newest
 * {@value #MAX_CANDIDATES} runs at most) are read with their params and latest metrics in three queries, then filtered
 * here.
 */
@Component
class RunSearch {

    /** The most runs a search reads before it filters. */
    static final int MAX_CANDIDATES = 50_000;

    /** The most experiments one search names. */
    static final int MAX_EXPERIMENTS = 100;

    private final Runs runs;
    private final MetricQueries metrics;
    private final MlflowViews views;
    private final Paging paging;

    RunSearch(Runs runs, MetricQueries metrics, MlflowViews views, Paging paging) {
        this.runs = runs;
        this.metrics = metrics;
        this.views = views;
        this.paging = paging;
    }

    Paging.Page<RunView> search(
            List<String> experimentIds,
            String filter,
            ViewType view,
            List<String> orderBy,
            Integer maxResults,
            String pageToken) {
        if (experimentIds == null || experimentIds.isEmpty()) {
            throw MlflowException.invalid("experiment_ids must name at least one experiment");
        }
        if (experimentIds.size() > MAX_EXPERIMENTS) {
            throw MlflowException.invalid("experiment_ids may name at most " + MAX_EXPERIMENTS + " experiments");
        }
        var clauses = RunFilterGrammar.parse(filter);
        var orders = RunFilterGrammar.order(orderBy);
        var ids = experimentIds.stream()
                .map(views::findExperiment)
                .flatMap(java.util.Optional::stream)
                .map(experiment -> experiment.id())
                .toList();
        var candidates = new ArrayList<Run>();
        if (!ids.isEmpty()) {
            if (view.shows(false)) {
                candidates.addAll(runs.inExperiments(ids, false, MAX_CANDIDATES));
            }
            if (view.shows(true)) {
                candidates.addAll(runs.inExperiments(ids, true, MAX_CANDIDATES));
            }
        }
        var runIds = candidates.stream().map(Run::id).toList();
        var params = runs.paramsOf(runIds);
        var latest = metrics.latest(runIds);
        var found = new ArrayList<Candidate>();
        for (Run run : candidates) {
            var candidate = new Candidate(
                    run, params.getOrDefault(run.id(), Map.of()), latest.getOrDefault(run.id(), List.of()));
            if (clauses.stream().allMatch(candidate::passes)) {
                found.add(candidate);
            }
        }
        found.sort(comparator(orders));
        var page = paging.page(found, pageToken, maxResults, 1000, MAX_CANDIDATES);
        return new Paging.Page<>(
                page.items().stream()
                        .map(candidate -> views.of(candidate.run(), candidate.params(), candidate.latest()))
                        .toList(),
                page.nextPageToken());
    }

    private static Comparator<Candidate> comparator(List<Order> orders) {
        Comparator<Candidate> newestFirst = Comparator.comparing(
                        (Candidate c) -> c.run().createdAt())
                .reversed()
                .thenComparing(c -> c.run().id());
        Comparator<Candidate> chained = null;
        for (Order order : orders) {
            Comparator<Candidate> one = (a, b) -> {
                Object x = a.value(order.entity(), order.key());
                Object y = b.value(order.entity(), order.key());
                if (x == null || y == null) {
                    return x == null ? (y == null ? 0 : 1) : -1; // a run without the value comes last either way
                }
                int compared = x instanceof Double dx && y instanceof Double dy
                        ? Double.compare(dx, dy)
                        : x.toString().compareTo(y.toString());
                return order.ascending() ? compared : -compared;
            };
            chained = chained == null ? one : chained.thenComparing(one);
        }
        return chained == null ? newestFirst : chained.thenComparing(newestFirst);
    }

    /** A run with what a filter reads of it. */
    private record Candidate(Run run, Map<String, String> params, List<MetricQueries.Logged> latest) {

        boolean passes(Clause clause) {
            Object value = value(clause.entity(), clause.key());
            return switch (clause.entity()) {
                case "metrics" -> clause.test((Double) value);
                case "attributes" -> value instanceof Double number ? clause.test(number) : clause.test((String) value);
                default -> clause.test((String) value);
            };
        }

        /** The value {@code entity.key} has for this run: a number for metrics and times, text otherwise. */
        Object value(String entity, String key) {
            return switch (entity) {
                case "metrics" ->
                    latest.stream()
                            .filter(point -> point.key().name().equals(key))
                            .map(point -> (Object) point.value())
                            .findFirst()
                            .orElse(null);
                case "params" -> params.get(key);
                case "tags" -> tag(key);
                default -> attribute(key);
            };
        }

        private String tag(String key) {
            if (run.tags().contains(key)) {
                return "";
            }
            if (key.equals("mlflow.runName")) {
                return run.name();
            }
            return run.tagValues().get(key);
        }

        private Object attribute(String key) {
            return switch (key) {
                case "run_id", "run_uuid" -> run.id().toString();
                case "run_name", "name" -> run.name();
                case "status" -> MlflowViews.status(run.status());
                case "user_id" -> run.owner();
                case "start_time", "created" ->
                    (double) (run.startedAt() != null ? run.startedAt() : run.createdAt()).toEpochMilli();
                case "end_time" ->
                    run.finishedAt() == null ? null : (double) run.finishedAt().toEpochMilli();
                case "lifecycle_stage" -> run.deletedAt() == null ? "active" : "deleted";
                default ->
                    throw MlflowException.invalid("Invalid attribute key '" + key
                            + "': run_id, run_name, status, user_id, start_time, end_time, lifecycle_stage");
            };
        }
    }
}
