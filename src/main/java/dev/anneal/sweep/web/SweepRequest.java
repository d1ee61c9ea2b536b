package dev.anneal.sweep.web;

import dev.anneal.sweep.Distribution;
import dev.anneal.sweep.EarlyTermination;
import dev.anneal.sweep.Goal;
import dev.anneal.sweep.ParameterSpec;
import dev.anneal.sweep.SearchMethod;
import dev.anneal.sweep.SweepMetric;
import dev.anneal.sweep.SweepSpec;
import dev.anneal.web.FieldErrors;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/sweeps}: a base launch body, the parameters to vary in it, how to choose their values,
 * what to judge trials by, and how to stop the losers early. Validated here into a {@link SweepSpec}; the planner
 * then validates every trial's configuration as a launch would be.
 */
record SweepRequest(
        String name,
        String experiment,
        JsonNode base,
        String method,
        Long seed,
        Map<String, ParameterRequest> parameters,
        Integer runCap,
        Integer seeds,
        MetricRequest metric,
        Integer parallelism,
        EarlyTerminateRequest earlyTerminate) {

    static final int MAX_NAME = 100;
    static final int MAX_PARAMETERS = 20;
    static final int MAX_SEEDS = 10;
    static final int MAX_PARALLELISM = 100;
    static final int DEFAULT_PARALLELISM = 2;
    static final String DEFAULT_EXPERIMENT = "default";

    record ParameterRequest(List<JsonNode> values, String distribution, Double min, Double max) {}

    /** The largest whole number a double counts exactly: the bound of an {@code int_uniform} range. */
    static final double MAX_WHOLE = 0x1p53;

    record MetricRequest(String name, String goal) {}

    record EarlyTerminateRequest(String type, String rung, Integer eta, Double grace, Integer minPeers) {}

    /** The validated sweep, or empty with every problem recorded in {@code errors}. */
    Optional<SweepSpec> toSpec(FieldErrors errors) {
        String sweepName = name(errors);
        String experimentName = experiment(errors);
        errors.requireNonNull("base", base);
        if (base != null && !base.isObject()) {
            errors.reject("base", null, "base must be a launch body: an object such as POST /api/runs takes");
        }
        var searchMethod =
                errors.choice("method", method, SearchMethod.GRID, SearchMethod.class, SearchMethod::apiName);
        var space = parameters(searchMethod.orElse(null), errors);
        Integer cap = runCap(searchMethod.orElse(null), errors);
        int seedCount = errors.integer("seeds", seeds, 1, 1, MAX_SEEDS);
        var judgedBy = metric(errors);
        int parallel = errors.integer("parallelism", parallelism, DEFAULT_PARALLELISM, 1, MAX_PARALLELISM);
        var stopping = earlyTerminate(errors);
        long drawSeed = seed == null ? 0 : seed;
        if (drawSeed < 0) {
            errors.reject("seed", drawSeed, "seed must be >= 0 but was " + drawSeed);
        }
        if (!errors.isEmpty() || searchMethod.isEmpty() || judgedBy.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SweepSpec(
                sweepName,
                experimentName,
                base,
                searchMethod.get(),
                drawSeed,
                space,
                cap,
                seedCount,
                judgedBy.get(),
                parallel,
                stopping.orElse(null)));
    }

    private String name(FieldErrors errors) {
        if (name == null) {
            return "sweep-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
        }
        if (name.isBlank() || name.strip().length() > MAX_NAME) {
            errors.reject("name", name, "name must be 1 to %d characters, not blank".formatted(MAX_NAME));
        }
        return name.strip();
    }

    /** The sweep's experiment: as given, else the base's, else the default one. */
    private String experiment(FieldErrors errors) {
        if (experiment != null) {
            if (experiment.isBlank() || experiment.strip().length() > 200) {
                errors.reject("experiment", experiment, "experiment must be 1 to 200 characters, not blank");
            }
            return experiment.strip();
        }
        var fromBase = base == null ? null : base.get("experiment");
        return fromBase != null && fromBase.isString() && !fromBase.asString().isBlank()
                ? fromBase.asString().strip()
                : DEFAULT_EXPERIMENT;
    }

    private Map<String, ParameterSpec> parameters(SearchMethod searchMethod, FieldErrors errors) {
        var space = new LinkedHashMap<String, ParameterSpec>();
        if (parameters == null || parameters.isEmpty()) {
            errors.reject("parameters", null, "parameters must name at least one launch field to vary");
            return space;
        }
        if (parameters.size() > MAX_PARAMETERS) {
            errors.reject(
                    "parameters",
                    null,
                    "parameters may name at most %d fields but named %d".formatted(MAX_PARAMETERS, parameters.size()));
        }
        parameters.forEach((path, parameter) ->
                parameter(path, parameter, searchMethod, errors).ifPresent(spec -> space.put(path, spec)));
        return space;
    }

    private static Optional<ParameterSpec> parameter(
            String path, ParameterRequest parameter, SearchMethod searchMethod, FieldErrors errors) {
        String field = "parameters." + path;
        if (parameter == null) {
            errors.reject(field, null, field + " must be {values: [...]} or {distribution, min, max}");
            return Optional.empty();
        }
        boolean listed = parameter.values() != null;
        boolean drawn = parameter.distribution() != null || parameter.min() != null || parameter.max() != null;
        if (listed == drawn) {
            errors.reject(
                    field,
                    null,
                    "%s must have either values or a distribution with min and max, not %s"
                            .formatted(field, listed ? "both" : "neither"));
            return Optional.empty();
        }
        if (listed) {
            int count = parameter.values().size();
            if (count < 1 || count > SweepSpec.MAX_TRIALS) {
                errors.reject(
                        field + ".values",
                        null,
                        "%s.values must list 1 to %d values but listed %d"
                                .formatted(field, SweepSpec.MAX_TRIALS, count));
                return Optional.empty();
            }
            return Optional.of(ParameterSpec.of(parameter.values()));
        }
        if (searchMethod == SearchMethod.GRID) {
            errors.reject(
                    field,
                    null,
                    "%s: a grid combines listed values; a distribution is for method random".formatted(field));
            return Optional.empty();
        }
        errors.requireNonNull(field + ".distribution", parameter.distribution());
        errors.requireNonNull(field + ".min", parameter.min());
        errors.requireNonNull(field + ".max", parameter.max());
        var distribution = errors.choice(
                field + ".distribution", parameter.distribution(), null, Distribution.class, Distribution::apiName);
        if (distribution.isEmpty() || parameter.min() == null || parameter.max() == null) {
            return Optional.empty();
        }
        double min = parameter.min();
        double max = parameter.max();
        if (!Double.isFinite(min) || !Double.isFinite(max) || min >= max) {
            errors.reject(field + ".max", max, "%s.max must be finite and above min %s".formatted(field, min));
            return Optional.empty();
        }
        if (distribution.get() == Distribution.LOG_UNIFORM && min <= 0) {
            errors.reject(field + ".min", min, "%s.min must be > 0 for log_uniform but was %s".formatted(field, min));
            return Optional.empty();
        }
        if (distribution.get().isWhole() && (Math.abs(min) > MAX_WHOLE || Math.abs(max) > MAX_WHOLE)) {
            // past 2^53 a double skips whole numbers, and the range's width would overflow a long
            String bad = Math.abs(min) > MAX_WHOLE ? ".min" : ".max";
            errors.reject(
                    field + bad,
                    null,
                    "%s%s must lie within ±%.0f for %s"
                            .formatted(field, bad, MAX_WHOLE, distribution.get().apiName()));
            return Optional.empty();
        }
        if (distribution.get().isWhole() && Math.floor(max) < Math.ceil(min)) {
            errors.reject(field + ".max", max, "%s holds no whole number between %s and %s".formatted(field, min, max));
            return Optional.empty();
        }
        return Optional.of(ParameterSpec.drawn(distribution.get(), min, max));
    }

    private Integer runCap(SearchMethod searchMethod, FieldErrors errors) {
        if (runCap == null) {
            if (searchMethod == SearchMethod.RANDOM) {
                errors.reject("run_cap", null, "run_cap is required for method random: it is how many trials to draw");
            }
            return null;
        }
        return errors.integer("run_cap", runCap, 1, 1, SweepSpec.MAX_TRIALS);
    }

    private Optional<SweepMetric> metric(FieldErrors errors) {
        var m = metric == null ? new MetricRequest(null, null) : metric;
        var metricName = errors.choice(
                "metric.name", m.name(), SweepMetric.Name.VAL_LOSS, SweepMetric.Name.class, SweepMetric.Name::apiName);
        var goal = errors.choice("metric.goal", m.goal(), null, Goal.class, Goal::apiName);
        if (metricName.isEmpty() || (m.goal() != null && goal.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(
                new SweepMetric(metricName.get(), goal.orElse(metricName.get().usualGoal())));
    }

    private Optional<EarlyTermination> earlyTerminate(FieldErrors errors) {
        if (earlyTerminate == null) {
            return Optional.empty();
        }
        var e = earlyTerminate;
        errors.requireNonNull("early_terminate.type", e.type());
        if (e.type() != null && !e.type().equals(EarlyTermination.ASHA)) {
            errors.reject("early_terminate.type", e.type(), "early_terminate.type must be asha but was " + e.type());
        }
        var rung = errors.choice(
                "early_terminate.rung",
                e.rung(),
                EarlyTermination.RungKind.CYCLE_END,
                EarlyTermination.RungKind.class,
                EarlyTermination.RungKind::apiName);
        int eta = errors.integer("early_terminate.eta", e.eta(), 3, 2, 10);
        double grace = errors.number("early_terminate.grace", e.grace(), 1, 0, true, 10_000);
        int minPeers = errors.integer("early_terminate.min_peers", e.minPeers(), 3, 1, SweepSpec.MAX_TRIALS);
        return rung.map(kind -> new EarlyTermination(EarlyTermination.ASHA, kind, eta, grace, minPeers));
    }
}
