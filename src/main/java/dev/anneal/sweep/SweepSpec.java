package dev.anneal.sweep;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A sweep as it was requested and validated, every default filled in: what the sweep stores and shows.
 *
 * @param name the sweep's name; its trials are named after it
 * @param experiment the experiment its trials belong to
 * @param base the launch body every trial starts from, as given
 * @param method how configurations are chosen
 * @param seed seeds a random sweep's draws
 * @param parameters what each parameter may be, by its JSON path, in the order given
 * @param runCap the most trials, or {@code null} for a grid without a cap
 * @param seeds how many training seeds each configuration is trained with (the base's seed, and the next ones)
 * @param metric what trials are judged by
 * @param parallelism how many trials may be queued or running at once
 * @param earlyTerminate the early-stopping rule, or {@code null} to train every trial to its end
 */
public record SweepSpec(
        String name,
        String experiment,
        JsonNode base,
        SearchMethod method,
        long seed,
        Map<String, ParameterSpec> parameters,
        Integer runCap,
        int seeds,
        SweepMetric metric,
        int parallelism,
        EarlyTermination earlyTerminate) {

    /** The most trials one sweep may have. */
    public static final int MAX_TRIALS = 1_000;

    /** Whether the sweep stops trials early. */
    @JsonIgnore
    public boolean stopsEarly() {
        return earlyTerminate != null;
    }
}
