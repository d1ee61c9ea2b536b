package dev.anneal.run;

import dev.anneal.web.FieldErrors;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Reads a launch body exactly as {@code POST /api/runs} does: every default filled in, every problem recorded
 * against the field's JSON path within the body ({@code "schedule.t_mult"}). A module that launches runs of its own
 * (a sweep, one per trial) validates each configuration here, so it can never accept what a launch would refuse.
 */
public interface LaunchReader {

    /**
     * The validated spec of {@code body}, or empty with every problem recorded in {@code errors}; its name is
     * {@code null} when the body gives none.
     */
    Optional<RunSpec> read(JsonNode body, FieldErrors errors);
}
