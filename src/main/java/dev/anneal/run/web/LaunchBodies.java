package dev.anneal.run.web;

import dev.anneal.run.LaunchReader;
import dev.anneal.run.RunKind;
import dev.anneal.run.RunSpec;
import dev.anneal.run.UploadedDatasets;
import dev.anneal.run.UploadedModels;
import dev.anneal.web.FieldErrors;
import dev.anneal.web.JsonProblems;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Launch bodies read with the application's own JSON settings (snake_case, unknown fields refused), then validated
 * by {@link LaunchRequest}: the same reading a request to {@code POST /api/runs} gets.
 */
@Component
class LaunchBodies implements LaunchReader {

    private final JsonMapper json;
    private final UploadedDatasets uploads;
    private final UploadedModels modules;

    LaunchBodies(JsonMapper json, UploadedDatasets uploads, UploadedModels modules) {
        this.json = json;
        this.uploads = uploads;
        this.modules = modules;
    }

    @Override
    public Optional<RunSpec> read(JsonNode body, FieldErrors errors) {
        LaunchRequest request;
        try {
            request = json.treeToValue(body, LaunchRequest.class);
        } catch (JacksonException e) {
            var problem = JsonProblems.describe(e);
            errors.reject(problem.field() == null ? "" : problem.field(), null, problem.message());
            return Optional.empty();
        }
        // a reader launches what Anneal trains (a sweep's trials): a script's run is opened, never launched
        if (RunKind.EXTERNAL.apiName().equals(request.kind())) {
            errors.reject(
                    "kind",
                    RunKind.EXTERNAL.apiName(),
                    "kind external is a run a script trains and logs; what is launched here Anneal trains: kind"
                            + " training or lr_range_test");
            return Optional.empty();
        }
        return request.toSpec(errors, uploads, modules);
    }
}
