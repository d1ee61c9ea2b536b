package dev.anneal.sweep;

import dev.anneal.run.LaunchReader;
import dev.anneal.run.RunKind;
import dev.anneal.web.FieldErrors;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Expands a sweep into its trials and validates every one as a launch would be, before anything starts. A problem in
 * the base is reported once, as {@code base.<field>}; a problem a parameter's value causes is reported against
 * {@code parameters.<path>}, naming the first trial that has it.
 */
@Component
public class SweepPlanner {

    /** Launch fields a sweep sets itself, which no parameter may name. */
    private static final Set<String> SET_BY_THE_SWEEP =
            Set.of("kind", "name", "experiment", "tags", "notes", "training.eval_at_cycle_ends");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final LaunchReader launches;

    SweepPlanner(LaunchReader launches) {
        this.launches = launches;
    }

    /** The plan of {@code spec}, or empty with every problem recorded in {@code errors}. */
    public Optional<SweepPlan> plan(SweepSpec spec, FieldErrors errors) {
        if (!(spec.base() instanceof ObjectNode base)) {
            errors.reject("base", null, "base must be a launch body: an object such as POST /api/runs takes");
            return Optional.empty();
        }
        checkPaths(spec, errors);
        var configurations = configurations(spec, errors);
        if (!errors.isEmpty() || configurations.isEmpty()) {
            return Optional.empty();
        }
        var trials = new ArrayList<SweepPlan.Trial>();
        var reported = new LinkedHashSet<String>();
        var all = configurations.get();
        for (int c = 0; c < all.size(); c++) {
            var configuration = all.get(c);
            // the first seed is the configuration's own (its base's, a parameter's, or a launch's default); each
            // further one is the next number
            Long firstSeed = null;
            for (int r = 0; r < spec.seeds(); r++) {
                int index = c * spec.seeds() + r;
                ObjectNode body;
                try {
                    body = trialBody(spec, base, configuration, index);
                    if (firstSeed != null) {
                        body = set(body, "base.training", "training.seed", NODES.numberNode(firstSeed + r));
                    }
                } catch (UnsettablePath e) {
                    if (reported.add(e.field)) {
                        errors.reject(e.field, null, e.getMessage());
                    }
                    break;
                }
                var found = new FieldErrors();
                var run = launches.read(body, found);
                report(index, configuration, found, reported, errors);
                if (run.isEmpty()) {
                    break; // its other seeds would only repeat the problem
                }
                long seed = run.get().training().seed();
                firstSeed = firstSeed == null ? seed : firstSeed;
                trials.add(new SweepPlan.Trial(index, configuration, seed, run.get()));
            }
        }
        if (!errors.isEmpty()) {
            return Optional.empty();
        }
        checkEarlyTermination(spec, trials, errors);
        if (!errors.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SweepPlan(
                spec, List.copyOf(trials), configurations.get().size(), warnings(spec, configurations.get(), trials)));
    }

    private static void checkPaths(SweepSpec spec, FieldErrors errors) {
        spec.parameters().keySet().forEach(path -> {
            String field = "parameters." + path;
            JsonPaths.problem(path).ifPresent(problem -> errors.reject(field, path, problem));
            if (SET_BY_THE_SWEEP.contains(path)
                    || SET_BY_THE_SWEEP.stream().anyMatch(set -> path.startsWith(set + "."))) {
                errors.reject(field, path, path + " is set by the sweep for every trial; it cannot be a parameter");
            }
            if (path.equals("training.seed") && spec.seeds() > 1) {
                errors.reject(
                        field,
                        path,
                        "training.seed cannot be a parameter of a sweep with seeds %d, which sets each trial's seed"
                                .formatted(spec.seeds()));
            }
        });
    }

    /** Every configuration, or empty (with the problem recorded) when there would be too many trials. */
    private static Optional<List<Map<String, JsonNode>>> configurations(SweepSpec spec, FieldErrors errors) {
        if (spec.method() == SearchMethod.GRID) {
            long size = SearchSpace.gridSize(spec.parameters());
            long trials = size > SweepSpec.MAX_TRIALS ? size : size * spec.seeds();
            if (trials > SweepSpec.MAX_TRIALS) {
                errors.reject(
                        "parameters",
                        null,
                        "the grid has %s trials (%s configurations × seeds %d); a sweep may have at most %d"
                                .formatted(count(trials), count(size), spec.seeds(), SweepSpec.MAX_TRIALS));
                return Optional.empty();
            }
            if (spec.runCap() != null && trials > spec.runCap()) {
                errors.reject(
                        "run_cap",
                        spec.runCap(),
                        "the grid has %d trials (%d configurations × seeds %d), more than run_cap %d: raise run_cap or list fewer values"
                                .formatted(trials, size, spec.seeds(), spec.runCap()));
                return Optional.empty();
            }
            return Optional.of(SearchSpace.grid(spec.parameters()));
        }
        int count = spec.runCap() / spec.seeds();
        if (count < 1) {
            errors.reject(
                    "run_cap",
                    spec.runCap(),
                    "run_cap %d is fewer than one configuration's seeds %d".formatted(spec.runCap(), spec.seeds()));
            return Optional.empty();
        }
        return Optional.of(SearchSpace.random(spec.parameters(), spec.seed(), count));
    }

    /** The launch body of one trial: the base, its parameter values, and what the sweep sets on every trial. */
    private static ObjectNode trialBody(
            SweepSpec spec, ObjectNode base, Map<String, JsonNode> configuration, int index) {
        var body = base;
        for (var parameter : configuration.entrySet()) {
            body = set(body, "parameters." + parameter.getKey(), parameter.getKey(), parameter.getValue());
        }
        body = set(body, "base.training", "training.eval_at_cycle_ends", NODES.booleanNode(true));
        body = set(body, "base.name", "name", NODES.stringNode(trialName(spec.name(), index)));
        body = set(body, "base.experiment", "experiment", NODES.stringNode(spec.experiment()));
        var given = base.get("tags");
        if (given == null || given.isArray()) { // tags that are not a list are the launch's to refuse, by name
            var tags = NODES.arrayNode();
            if (given != null) {
                given.forEach(tags::add);
            }
            tags.add(tagOf(spec.name()));
            body.set("tags", tags);
        }
        return body;
    }

    private static ObjectNode set(ObjectNode body, String field, String path, JsonNode value) {
        try {
            return JsonPaths.with(body, path, value);
        } catch (IllegalArgumentException e) {
            throw new UnsettablePath(field, e.getMessage());
        }
    }

    /** A path the base cannot take: it runs into a value that is not an object, or past an array's end. */
    private static final class UnsettablePath extends RuntimeException {

        /** The request's field at fault: {@code parameters.<path>}, or the base's field. */
        private final String field;

        UnsettablePath(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }
    }

    /** The name of trial {@code index} of the sweep {@code sweep}. */
    static String trialName(String sweep, int index) {
        return "%s-t%d".formatted(sweep, index);
    }

    /** The tag every trial of the sweep {@code sweep} carries, so the runs table can list them. */
    public static String tagOf(String sweep) {
        return "sweep:" + sweep;
    }

    /**
     * Reports each problem of one trial once: under {@code parameters.<path>} when a parameter's value is at fault
     * (the field is the parameter's, or inside it), under {@code base.<field>} otherwise.
     */
    private static void report(
            int index,
            Map<String, JsonNode> configuration,
            FieldErrors found,
            Set<String> reported,
            FieldErrors errors) {
        for (var problem : found.problems()) {
            String field = problem.field() == null ? "" : problem.field();
            var parameter = configuration.keySet().stream()
                    .filter(path -> field.equals(path) || field.startsWith(path + ".") || field.startsWith(path + "["))
                    .findFirst();
            String where =
                    parameter.map(path -> "parameters." + path).orElse(field.isEmpty() ? "base" : "base." + field);
            if (reported.add(where + "\n" + (parameter.isPresent() ? "" : problem.message()))) {
                errors.reject(
                        where,
                        null,
                        parameter.isPresent()
                                ? "trial %d (%s): %s".formatted(index, describe(configuration), problem.message())
                                : problem.message());
            }
        }
    }

    private static String describe(Map<String, JsonNode> configuration) {
        return configuration.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining(", "));
    }

    /** Rungs at cycle ends need schedules that have them; a baseline's only "cycle end" is the run's end. */
    private static void checkEarlyTermination(SweepSpec spec, List<SweepPlan.Trial> trials, FieldErrors errors) {
        if (!spec.stopsEarly() || spec.earlyTerminate().rung() != EarlyTermination.RungKind.CYCLE_END) {
            return;
        }
        trials.stream()
                .filter(trial -> trial.run().kind() != RunKind.TRAINING
                        || !trial.run().schedule().kind().restarts())
                .findFirst()
                .ifPresent(trial -> errors.reject(
                        "early_terminate.rung",
                        "cycle_end",
                        "early_terminate.rung cycle_end needs schedules with cycle ends (kind cosine), but trial %d's is %s; use rung epoch"
                                .formatted(
                                        trial.index(),
                                        trial.run().schedule() == null
                                                ? "a range test"
                                                : trial.run().schedule().kind().apiName())));
    }

    private static List<String> warnings(
            SweepSpec spec, List<Map<String, JsonNode>> configurations, List<SweepPlan.Trial> trials) {
        var warnings = new ArrayList<String>();
        int distinct = new HashSet<>(configurations).size();
        if (distinct < configurations.size()) {
            warnings.add("%d of the %d configurations repeat another: the draws fell on the same values"
                    .formatted(configurations.size() - distinct, configurations.size()));
        }
        if (spec.stopsEarly()) {
            var rules = spec.earlyTerminate();
            int longest = trials.stream()
                    .mapToInt(t -> t.run().training().epochs())
                    .max()
                    .orElse(0);
            if (rules.budget(0) > longest) {
                warnings.add(("no trial reaches rung 0 (grace %s epochs; the longest trial trains %d): early"
                                + " stopping never applies")
                        .formatted(SuccessiveHalving.figure(rules.grace()), longest));
            } else if (trials.size() < rules.minPeers()) {
                warnings.add("%d trials are fewer than min_peers %d: early stopping never applies"
                        .formatted(trials.size(), rules.minPeers()));
            }
        }
        return List.copyOf(warnings);
    }

    private static String count(long value) {
        return value == Long.MAX_VALUE ? "more than 9e18" : Long.toString(value);
    }
}
