package dev.anneal.sweep;

import dev.anneal.run.RunSpec;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A validated sweep with every trial it will launch, before anything is launched: what creating it stores, and what
 * the sweep form's live count shows.
 *
 * @param spec the sweep
 * @param trials every trial, in launch order
 * @param configurations how many distinct configurations the trials train (each with {@code spec.seeds()} seeds)
 * @param warnings what may not go as the researcher expects, in words
 */
public record SweepPlan(SweepSpec spec, List<Trial> trials, int configurations, List<String> warnings) {

    /**
     * One trial: a configuration trained with one seed.
     *
     * @param index its number in the sweep, from 0
     * @param params the parameter values of its configuration, by path
     * @param seed its training seed
     * @param run the validated spec its run is launched with
     */
    public record Trial(int index, Map<String, JsonNode> params, long seed, RunSpec run) {}

    /** The optimizer steps of all trials trained to their end: the most the sweep can cost. */
    public long totalSteps() {
        return trials.stream().mapToLong(trial -> trial.run().plannedSteps()).sum();
    }
}
