package dev.anneal.ingest.mlflow;

import dev.anneal.access.Actor;
import dev.anneal.ingest.mlflow.MlflowViews.ExperimentView;
import dev.anneal.run.Experiment;
import dev.anneal.run.Experiments;
import dev.anneal.run.LoggedFields;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** MLflow's experiments API, its shapes and error codes, over Anneal's experiments. */
@RestController
@RequestMapping("/api/2.0/mlflow")
@Tag(name = "MLflow", description = "MLflow's tracking API, so MLFLOW_TRACKING_URI can point at Anneal")
class MlflowExperimentsController {

    /** The longest experiment name. */
    static final int MAX_NAME = 500;

    /** The most tags an experiment is created with, as MLflow's log-batch bounds a run's. */
    static final int MAX_TAGS = 100;

    private final Experiments experiments;
    private final MlflowViews views;
    private final Paging paging;

    MlflowExperimentsController(Experiments experiments, MlflowViews views, Paging paging) {
        this.experiments = experiments;
        this.views = views;
        this.paging = paging;
    }

    record CreateRequest(String name, String artifactLocation, List<MlflowViews.Tag> tags) {}

    record ExperimentRequest(String experimentId, String newName) {}

    record TagRequest(String experimentId, String key, String value) {}

    record SearchRequest(Integer maxResults, String pageToken, String filter, List<String> orderBy, String viewType) {}

    record Created(String experimentId) {}

    record One(ExperimentView experiment) {}

    record Many(List<ExperimentView> experiments, String nextPageToken) {}

    @PostMapping("/experiments/create")
    @Operation(summary = "MLflow: create an experiment")
    Created create(@RequestBody CreateRequest request, Principal principal) {
        String name = name(request.name());
        // every tag checked before the experiment exists: a refused request leaves nothing behind
        var tags = new java.util.LinkedHashMap<String, String>();
        if (request.tags() != null) {
            if (request.tags().size() > MAX_TAGS) {
                throw MlflowException.invalid("An experiment is created with at most %d tags but %d were given"
                        .formatted(MAX_TAGS, request.tags().size()));
            }
            for (var tag : request.tags()) {
                if (tag == null) {
                    throw MlflowException.invalid("tags must hold {key, value} pairs");
                }
                tags.put(tagKey(tag.key()), tagValue(tag.value()));
            }
        }
        var created = experiments
                .create(name)
                .orElseThrow(() -> MlflowException.exists("Experiment '" + name + "' already exists."));
        tags.forEach((key, value) -> experiments.tag(created.id(), key, value, Actor.of(principal)));
        return new Created(views.idOf(created));
    }

    @GetMapping("/experiments/get")
    @Operation(summary = "MLflow: get an experiment")
    One get(@RequestParam(name = "experiment_id") String experimentId) {
        return new One(views.of(views.experiment(experimentId)));
    }

    @GetMapping("/experiments/get-by-name")
    @Operation(summary = "MLflow: get an experiment by name")
    One getByName(@RequestParam(name = "experiment_name") String name) {
        return new One(views.of(experiments
                .findByName(name)
                .orElseThrow(() -> MlflowException.notFound("Could not find experiment with name '" + name + "'"))));
    }

    @GetMapping("/experiments/list")
    @Operation(summary = "MLflow: list experiments (older clients)")
    Many list(@RequestParam(name = "view_type", required = false) String viewType) {
        return new Many(listed(viewType, Optional.empty()), null);
    }

    @PostMapping("/experiments/search")
    @Operation(summary = "MLflow: search experiments", description = "filter on name (=, !=, LIKE, ILIKE)")
    Many search(@RequestBody SearchRequest request) {
        var found =
                listed(request.viewType(), Optional.ofNullable(request.filter()).filter(f -> !f.isBlank()));
        var page = paging.page(found, request.pageToken(), request.maxResults(), 1000, 50_000);
        return new Many(page.items(), page.nextPageToken());
    }

    @GetMapping("/experiments/search")
    @Operation(summary = "MLflow: search experiments (GET)")
    Many searchByGet(
            @RequestParam(name = "max_results", required = false) Integer maxResults,
            @RequestParam(name = "page_token", required = false) String pageToken,
            @RequestParam(required = false) String filter,
            @RequestParam(name = "view_type", required = false) String viewType) {
        return search(new SearchRequest(maxResults, pageToken, filter, null, viewType));
    }

    @PostMapping("/experiments/update")
    @Operation(summary = "MLflow: rename an experiment")
    Map<String, Object> update(@RequestBody ExperimentRequest request, Principal principal) {
        experiments.rename(views.experiment(request.experimentId()).id(), name(request.newName()), Actor.of(principal));
        return Map.of();
    }

    @PostMapping("/experiments/delete")
    @Operation(summary = "MLflow: delete an experiment (kept, out of listings, until restored)")
    Map<String, Object> delete(@RequestBody ExperimentRequest request, Principal principal) {
        experiments.setDeleted(views.experiment(request.experimentId()).id(), true, Actor.of(principal));
        return Map.of();
    }

    @PostMapping("/experiments/restore")
    @Operation(summary = "MLflow: restore a deleted experiment")
    Map<String, Object> restore(@RequestBody ExperimentRequest request, Principal principal) {
        experiments.setDeleted(views.experiment(request.experimentId()).id(), false, Actor.of(principal));
        return Map.of();
    }

    // the npm client (mlflow 2.0.7) drops the slash before set-experiment-tag: both paths are served
    @PostMapping({"/experiments/set-experiment-tag", "/experimentsset-experiment-tag"})
    @Operation(summary = "MLflow: tag an experiment")
    Map<String, Object> setTag(@RequestBody TagRequest request, Principal principal) {
        experiments.tag(
                views.experiment(request.experimentId()).id(),
                tagKey(request.key()),
                tagValue(request.value()),
                Actor.of(principal));
        return Map.of();
    }

    private List<ExperimentView> listed(String viewType, Optional<String> filter) {
        var view = ViewType.of(viewType);
        var nameFilter = filter.map(ExperimentFilter::parse);
        return experiments.all().stream()
                .filter(experiment -> view.shows(experiment.deletedAt().isPresent()))
                .filter(experiment -> nameFilter.map(f -> f.test(experiment)).orElse(true))
                .map(views::of)
                .toList();
    }

    private static String name(String name) {
        if (name == null || name.isBlank()) {
            throw MlflowException.invalid("Missing value for required parameter 'name'.");
        }
        if (name.length() > MAX_NAME) {
            throw MlflowException.invalid("'name' exceeds the maximum length of " + MAX_NAME + " characters");
        }
        return name.strip();
    }

    static String tagKey(String key) {
        if (!LoggedFields.isKey(key)) {
            throw MlflowException.invalid("Invalid tag name: " + LoggedFields.keyRule(key));
        }
        return key;
    }

    static String tagValue(String value) {
        String text = value == null ? "" : value;
        if (text.indexOf('\u0000') >= 0) {
            throw MlflowException.invalid("A tag value must not contain the NUL character (U+0000)");
        }
        if (text.length() > LoggedFields.MAX_TAG_VALUE) {
            throw MlflowException.invalid(
                    "Tag value exceeds the maximum length of " + LoggedFields.MAX_TAG_VALUE + " characters");
        }
        return text;
    }

    /** A filter on experiments: {@code name = 'x'}, {@code name LIKE 'x%'}, and so on, joined by AND. */
    private record ExperimentFilter(List<RunFilterGrammar.Clause> clauses) {

        static ExperimentFilter parse(String filter) {
            var clauses = RunFilterGrammar.parse(filter);
            for (var clause : clauses) {
                if (!clause.entity().equals("attributes") || !clause.key().equals("name")) {
                    throw MlflowException.invalid("Invalid attribute key '%s' in an experiment filter: name is searched"
                            .formatted(clause.key()));
                }
            }
            return new ExperimentFilter(clauses);
        }

        boolean test(Experiment experiment) {
            return clauses.stream().allMatch(clause -> clause.test(experiment.name()));
        }
    }
}
