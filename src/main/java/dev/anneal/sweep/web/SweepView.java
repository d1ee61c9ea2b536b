package dev.anneal.sweep.web;

import dev.anneal.run.Run;
import dev.anneal.run.RunStatus;
import dev.anneal.sweep.Decision;
import dev.anneal.sweep.EarlyTermination;
import dev.anneal.sweep.ParameterSpec;
import dev.anneal.sweep.SearchMethod;
import dev.anneal.sweep.Sweep;
import dev.anneal.sweep.SweepMetric;
import dev.anneal.sweep.SweepResults;
import dev.anneal.sweep.SweepStatus;
import dev.anneal.sweep.TrialRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** A sweep as the API shows it: what was asked, every trial with its rungs and decision, the best, each group. */
record SweepView(
        UUID id,
        String name,
        String experiment,
        SweepStatus status,
        String owner,
        SearchMethod method,
        long seed,
        Map<String, ParameterSpec> parameters,
        Integer runCap,
        int seeds,
        SweepMetric metric,
        int parallelism,
        EarlyTermination earlyTerminate,
        JsonNode base,
        Map<String, Integer> counts,
        List<TrialView> trials,
        BestView best,
        List<SweepResults.Group> groups,
        Instant createdAt,
        Instant finishedAt) {

    /** What a trial waiting to be launched shows as its status. */
    static final String PENDING = "PENDING";

    /**
     * A trial.
     *
     * @param index its number in the sweep
     * @param runId its run, once launched
     * @param runName its run's name
     * @param params its parameter values
     * @param seed its training seed
     * @param status its run's status, or {@code PENDING}
     * @param progress its run's progress
     * @param metric its result, once it ended
     * @param rungs the rungs it reached
     * @param decision the last decision made for it
     */
    record TrialView(
            int index,
            UUID runId,
            String runName,
            Map<String, JsonNode> params,
            long seed,
            String status,
            Progress progress,
            Double metric,
            List<RungView> rungs,
            Decision decision) {}

    /**
     * How far a trial's run got.
     *
     * @param step optimizer steps done
     * @param totalSteps optimizer steps in all, once known
     * @param epoch epochs done
     */
    record Progress(long step, Long totalSteps, double epoch) {}

    /**
     * A rung a trial reached.
     *
     * @param rung its index
     * @param cycle the cycle whose end it was read at, or {@code null}
     * @param epoch where it was read
     * @param step the step it was read at
     * @param value the metric there
     * @param action what was decided there
     */
    record RungView(int rung, Long cycle, double epoch, long step, double value, Decision.Action action) {}

    /**
     * The best trial so far.
     *
     * @param index its number
     * @param runId its run
     * @param params its parameter values
     * @param seed its seed
     * @param metric its result
     */
    record BestView(int index, UUID runId, Map<String, JsonNode> params, long seed, double metric) {}

    static SweepView of(Sweep sweep, List<TrialRecord> trials, Map<UUID, Run> runs) {
        var spec = sweep.spec();
        var outcomes = trials.stream()
                .map(trial -> new SweepResults.Outcome(
                        trial,
                        trial.runId() == null ? null : runs.get(trial.runId()).status()))
                .toList();
        var counts = new LinkedHashMap<String, Integer>(Map.of(PENDING, 0));
        for (var status : RunStatus.values()) {
            counts.put(status.name(), 0);
        }
        outcomes.forEach(outcome -> counts.merge(
                outcome.status() == null ? PENDING : outcome.status().name(), 1, Integer::sum));
        var best = SweepResults.best(outcomes, spec.metric())
                .map(trial -> new BestView(trial.index(), trial.runId(), trial.params(), trial.seed(), trial.metric()))
                .orElse(null);
        return new SweepView(
                sweep.id(),
                spec.name(),
                spec.experiment(),
                sweep.status(),
                sweep.owner(),
                spec.method(),
                spec.seed(),
                spec.parameters(),
                spec.runCap(),
                spec.seeds(),
                spec.metric(),
                spec.parallelism(),
                spec.earlyTerminate(),
                spec.base(),
                counts,
                trials.stream().map(trial -> trial(trial, runs)).toList(),
                best,
                SweepResults.groups(outcomes, spec.metric()),
                sweep.createdAt(),
                sweep.finishedAt());
    }

    private static TrialView trial(TrialRecord trial, Map<UUID, Run> runs) {
        var run = trial.runId() == null ? null : runs.get(trial.runId());
        return new TrialView(
                trial.index(),
                trial.runId(),
                run == null ? null : run.name(),
                trial.params(),
                trial.seed(),
                run == null ? PENDING : run.status().name(),
                run == null ? null : new Progress(run.progressStep(), run.totalSteps(), run.progressEpoch()),
                trial.metric(),
                trial.rungs().stream()
                        .map(rung -> new RungView(
                                rung.rung(),
                                rung.cycle(),
                                rung.epoch(),
                                rung.step(),
                                rung.value(),
                                rung.decision().action()))
                        .toList(),
                trial.lastDecision().orElse(null));
    }

    /**
     * A sweep in a listing: what it is and how far it got, without its trials.
     *
     * @param id the sweep's id
     * @param name its name
     * @param experiment its experiment
     * @param status where it is
     * @param owner who launched it
     * @param method how it chooses configurations
     * @param parameters the paths it varies
     * @param metric what it judges by
     * @param trials how many trials it has
     * @param createdAt when it was created
     * @param finishedAt when it ended
     */
    record Summary(
            UUID id,
            String name,
            String experiment,
            SweepStatus status,
            String owner,
            SearchMethod method,
            List<String> parameters,
            SweepMetric metric,
            int trials,
            Instant createdAt,
            Instant finishedAt) {}

    /**
     * One page of sweeps.
     *
     * @param items the sweeps on it
     * @param page its number, from 0
     * @param size the page size
     * @param total how many match in all
     */
    record Page(List<Summary> items, int page, int size, long total) {}
}
