package dev.anneal.sweep;

import dev.anneal.run.RunStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * What a sweep found so far: its best trial, and each configuration's result over its seeds. Only trials that
 * trained to their end count: a pruned trial's value is from part of its budget, and a failed one has none.
 */
public final class SweepResults {

    private SweepResults() {}

    /**
     * A trial's result.
     *
     * @param trial the trial
     * @param status its run's status, or {@code null} while it waits to be launched
     */
    public record Outcome(TrialRecord trial, RunStatus status) {

        boolean counts() {
            return status == RunStatus.SUCCEEDED && trial.settled() && trial.metric() != null;
        }
    }

    /**
     * One configuration's result over its seeds.
     *
     * @param params its parameter values
     * @param n how many of its trials trained to their end
     * @param mean their metric's mean
     * @param std their metric's sample standard deviation, or {@code null} with fewer than two
     */
    public record Group(Map<String, JsonNode> params, int n, double mean, Double std) {}

    /** The trial with the best metric among those that trained to their end. */
    public static Optional<TrialRecord> best(List<Outcome> outcomes, SweepMetric metric) {
        return outcomes.stream()
                .filter(Outcome::counts)
                .map(Outcome::trial)
                .min(Comparator.comparing(TrialRecord::metric, metric.goal().bestFirst()));
    }

    /** Each configuration that has a trial trained to its end, best mean first. */
    public static List<Group> groups(List<Outcome> outcomes, SweepMetric metric) {
        var values = new LinkedHashMap<Map<String, JsonNode>, List<Double>>();
        outcomes.stream()
                .filter(Outcome::counts)
                .forEach(outcome -> values.computeIfAbsent(outcome.trial().params(), p -> new ArrayList<>())
                        .add(outcome.trial().metric()));
        return values.entrySet().stream()
                .map(entry -> group(entry.getKey(), entry.getValue()))
                .sorted(Comparator.comparing(Group::mean, metric.goal().bestFirst()))
                .toList();
    }

    private static Group group(Map<String, JsonNode> params, List<Double> values) {
        int n = values.size();
        double mean = values.stream().mapToDouble(Double::doubleValue).sum() / n;
        Double std = null;
        if (n > 1) {
            double squares =
                    values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
            std = Math.sqrt(squares / (n - 1));
        }
        return new Group(params, n, mean, std);
    }
}
