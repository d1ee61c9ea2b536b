package dev.anneal.sweep;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * One trial of a sweep as stored: its configuration, its run once launched, the rungs it reached with the decision
 * at each, and its result once it ended.
 *
 * @param index its number in the sweep, from 0
 * @param params its parameter values, by path
 * @param seed its training seed
 * @param runId its run, or {@code null} until launched
 * @param settled whether it has ended and been judged for the last time
 * @param metric its result: the last evaluation of a finished trial, the value it was stopped at for a pruned one;
 *     {@code null} until settled, or when it never evaluated
 * @param rungs the rungs it reached, in order
 */
public record TrialRecord(
        int index,
        Map<String, JsonNode> params,
        long seed,
        UUID runId,
        boolean settled,
        Double metric,
        List<Rung> rungs) {

    /** Its run, once launched. */
    public Optional<UUID> run() {
        return Optional.ofNullable(runId);
    }

    /** The last decision made for it, if it reached a rung. */
    public Optional<Decision> lastDecision() {
        return rungs.isEmpty()
                ? Optional.empty()
                : Optional.of(rungs.get(rungs.size() - 1).decision());
    }

    /**
     * A rung the trial reached, and the decision made there.
     *
     * @param rung its index, from 0
     * @param cycle the cycle whose end it was read at, or {@code null} (an epoch rung, or the run's end)
     * @param epoch where it was read
     * @param step the step it was read at
     * @param value the metric there
     * @param decision what was decided
     */
    public record Rung(int rung, Long cycle, double epoch, long step, double value, Decision decision) {}
}
