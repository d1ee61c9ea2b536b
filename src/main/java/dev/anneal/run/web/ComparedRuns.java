package dev.anneal.run.web;

import dev.anneal.web.FieldErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.validation.BindException;

/**
 * The runs a comparison shows, as the compare page and its API name them: two to {@value #MAX_RUNS} run ids.
 *
 * @param ids the runs' ids, in the order given
 */
record ComparedRuns(List<UUID> ids) {

    /** The most runs one comparison overlays. */
    static final int MAX_RUNS = 100;

    /**
     * The ids in {@code ids}, comma-separated or (from a form's checkboxes) repeated, which Spring joins with commas;
     * throws naming {@code ids} when one is no UUID or there are too few or too many.
     */
    static ComparedRuns parse(String ids) throws BindException {
        var errors = new FieldErrors();
        var parsed = new ArrayList<UUID>();
        for (String id : ids.split(",")) {
            try {
                parsed.add(UUID.fromString(id.strip()));
            } catch (IllegalArgumentException e) {
                errors.reject("ids", ids, "ids must be run ids (UUIDs) but held " + id.strip());
            }
        }
        if (errors.isEmpty() && (parsed.size() < 2 || parsed.size() > MAX_RUNS)) {
            errors.reject("ids", ids, "ids must name 2 to %d runs but named %d".formatted(MAX_RUNS, parsed.size()));
        }
        errors.throwIfAny();
        return new ComparedRuns(List.copyOf(parsed));
    }
}
