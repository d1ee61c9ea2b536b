package dev.anneal.run.web;

import dev.anneal.run.LaunchReader;
import dev.anneal.run.RunSpec;
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

    LaunchBodies(JsonMapper json) {
        this.json = json;
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
        return request.toSpec(errors);
    }
}
