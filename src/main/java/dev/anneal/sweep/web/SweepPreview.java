package dev.anneal.sweep.web;

import dev.anneal.sweep.SweepPlan;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What a sweep would launch, before it does: the sweep form's live count.
 *
 * @param trials how many trials
 * @param configurations how many distinct configurations
 * @param totalSteps the optimizer steps of every trial trained to its end: the most it can cost
 * @param warnings what may not go as expected
 * @param first the first trials' parameter values, to check the paths took
 */
record SweepPreview(
        int trials, int configurations, long totalSteps, List<String> warnings, List<Map<String, JsonNode>> first) {

    static final int SHOWN = 10;

    static SweepPreview of(SweepPlan plan) {
        return new SweepPreview(
                plan.trials().size(),
                plan.configurations(),
                plan.totalSteps(),
                plan.warnings(),
                plan.trials().stream().limit(SHOWN).map(SweepPlan.Trial::params).toList());
    }
}
