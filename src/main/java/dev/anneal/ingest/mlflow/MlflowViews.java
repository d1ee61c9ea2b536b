package dev.anneal.ingest.mlflow;

import dev.anneal.metrics.MetricQueries;
import dev.anneal.run.Experiment;
import dev.anneal.run.Experiments;
import dev.anneal.run.Run;
import dev.anneal.run.RunDocuments;
import dev.anneal.run.RunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Anneal's experiments and runs in MLflow's shapes, and MLflow's ids read back. An experiment's id is its UUID, but
 * Anneal's {@value #DEFAULT_EXPERIMENT} experiment is MLflow's default, {@code "0"}, which a client logs to when it
 * names none. A run Anneal trained shows its launch config as params ({@code schedule.base_lr}) and its labels as
 * tags with an empty value.
 */
@Component
class MlflowViews {

    /** The experiment MLflow's {@code "0"} is. */
    static final String DEFAULT_EXPERIMENT = "default";

    /** MLflow's id of the default experiment. */
    static final String DEFAULT_ID = "0";

    private final Experiments experiments;
    private final RunDocuments documents;

    MlflowViews(Experiments experiments, RunDocuments documents) {
        this.experiments = experiments;
        this.documents = documents;
    }

    record Tag(String key, String value) {}

    record Param(String key, String value) {}

    record Metric(String key, double value, long timestamp, long step) {

        static Metric of(MetricQueries.Logged point) {
            return new Metric(
                    point.key().name(), point.value(), point.wallTime().toEpochMilli(), point.step());
        }
    }

    record ExperimentView(
            String experimentId,
            String name,
            String artifactLocation,
            String lifecycleStage,
            long lastUpdateTime,
            long creationTime,
            List<Tag> tags) {}

    record RunInfo(
            String runId,
            String runUuid,
            String runName,
            String experimentId,
            String userId,
            String status,
            Long startTime,
            Long endTime,
            String artifactUri,
            String lifecycleStage) {}

    record RunData(List<Metric> metrics, List<Param> params, List<Tag> tags) {}

    record RunView(RunInfo info, RunData data) {}

    /** MLflow's id of {@code experiment}. */
    String idOf(Experiment experiment) {
        return experiment.name().equals(DEFAULT_EXPERIMENT)
                ? DEFAULT_ID
                : experiment.id().toString();
    }

    /** The experiment MLflow's {@code id} names; {@code RESOURCE_DOES_NOT_EXIST} when none does. */
    Experiment experiment(String id) {
        return findExperiment(id)
                .orElseThrow(() -> MlflowException.notFound("No experiment with id " + id + " exists"));
    }

    Optional<Experiment> findExperiment(String id) {
        if (id == null) {
            throw MlflowException.invalid("experiment_id is required");
        }
        if (id.equals(DEFAULT_ID)) {
            return experiments.findByName(DEFAULT_EXPERIMENT);
        }
        try {
            return experiments.find(UUID.fromString(id));
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
    }

    ExperimentView of(Experiment experiment) {
        long created = experiment.createdAt().toEpochMilli();
        return new ExperimentView(
                idOf(experiment),
                experiment.name(),
                "mlflow-artifacts:/" + idOf(experiment),
                experiment.deletedAt().isPresent() ? "deleted" : "active",
                experiment.deletedAt().map(Instant::toEpochMilli).orElse(created),
                created,
                experiment.tags().entrySet().stream()
                        .map(tag -> new Tag(tag.getKey(), tag.getValue()))
                        .toList());
    }

    RunInfo info(Run run) {
        String experimentId = idOf(run.experiment());
        return new RunInfo(
                run.id().toString(),
                run.id().toString(),
                run.name(),
                experimentId,
                run.owner(),
                status(run.status()),
                millis(run.startedAt() != null ? run.startedAt() : run.createdAt()),
                millis(run.finishedAt()),
                "mlflow-artifacts:/%s/%s/artifacts".formatted(experimentId, run.id()),
                run.deletedAt() == null ? "active" : "deleted");
    }

    RunView of(Run run, Map<String, String> params, List<MetricQueries.Logged> latest) {
        var shownParams = new ArrayList<Param>();
        params.forEach((key, value) -> shownParams.add(new Param(key, value)));
        if (run.kind().isTrainedByAnneal()) {
            flatten("", documents.configDocument(run), shownParams);
        }
        var tags = new ArrayList<Tag>();
        run.tags().forEach(label -> tags.add(new Tag(label, "")));
        run.tagValues().forEach((key, value) -> tags.add(new Tag(key, value)));
        if (!run.tagValues().containsKey("mlflow.runName")) {
            tags.add(new Tag("mlflow.runName", run.name()));
        }
        if (run.owner() != null && !run.tagValues().containsKey("mlflow.user")) {
            tags.add(new Tag("mlflow.user", run.owner()));
        }
        return new RunView(
                info(run), new RunData(latest.stream().map(Metric::of).toList(), shownParams, tags));
    }

    /** MLflow's word for a status: a pruned trial, like a cancelled run, was killed. */
    static String status(RunStatus status) {
        return switch (status) {
            case QUEUED -> "SCHEDULED";
            case RUNNING -> "RUNNING";
            case SUCCEEDED -> "FINISHED";
            case FAILED -> "FAILED";
            case CANCELLED, PRUNED -> "KILLED";
        };
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    private static void flatten(String prefix, JsonNode node, List<Param> into) {
        if (node.isObject()) {
            for (var field : node.properties()) {
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), into);
            }
        } else if (!node.isNull() && !prefix.isEmpty()) {
            into.add(new Param(prefix, node.isString() ? node.asString() : node.toString()));
        }
    }
}
