package dev.anneal.run.web;

import dev.anneal.schedule.BaselineSchedule;
import dev.anneal.schedule.BaselineSchedule.OneCycle.Anneal;
import dev.anneal.schedule.ConfigViolation;
import dev.anneal.schedule.InvalidScheduleException;
import dev.anneal.schedule.PlateauRestartConfig;
import dev.anneal.schedule.PlateauRestartConfig.Metric;
import dev.anneal.schedule.RateSchedule;
import dev.anneal.schedule.ScheduleConfig;
import dev.anneal.schedule.ScheduleKind;
import dev.anneal.schedule.ScheduleUnit;
import dev.anneal.web.FieldErrors;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A schedule as a client sends it: a {@code kind} ({@code cosine} when left out) and that kind's fields, each but
 * the kind's required ones ({@code base_lr}, and {@code t_max} for cosine, {@code step_size}, {@code milestones},
 * {@code gamma} or {@code total} for the baselines that need one) taking its default; PyTorch's defaults for the
 * baselines.
 */
record ScheduleRequest(
        String kind,
        Double baseLr,
        String unit,
        Double warmup,
        Double warmupStartLr,
        Double etaMin,
        Double tMax,
        Double tMult,
        Double cycleDecay,
        Integer cycleLimit,
        PlateauRequest restartOnPlateau,
        Double stepSize,
        Double gamma,
        List<Double> milestones,
        Double startFactor,
        Double endFactor,
        Double total,
        Double pctStart,
        Double divFactor,
        Double finalDivFactor,
        String anneal) {

    /**
     * A plateau-restart rule as a client sends it; {@code patience} defaults to 3, {@code min_delta} to 0 and
     * {@code metric} to {@code val_loss}.
     */
    record PlateauRequest(Integer patience, Double minDelta, String metric) {

        /** The rule, its bounds checked with the schedule's; empty when the metric is unknown. */
        Optional<PlateauRestartConfig> toConfig(String prefix, FieldErrors errors) {
            var watched = errors.choice(
                    prefix + ".restart_on_plateau.metric", metric, Metric.VAL_LOSS, Metric.class, Metric::apiName);
            return watched.map(m -> new PlateauRestartConfig(orDefault(patience, 3), orDefault(minDelta, 0.0), m));
        }
    }

    /**
     * The validated schedule of the requested kind, or empty with every problem recorded in {@code errors} under
     * {@code prefix} ({@code "schedule"}).
     */
    Optional<RateSchedule> toSchedule(String prefix, FieldErrors errors) {
        var parsedKind =
                errors.choice(prefix + ".kind", kind, ScheduleKind.COSINE, ScheduleKind.class, ScheduleKind::apiName);
        var parsedUnit =
                errors.choice(prefix + ".unit", unit, ScheduleUnit.STEP, ScheduleUnit.class, ScheduleUnit::apiName);
        if (parsedKind.isEmpty()) {
            return Optional.empty();
        }
        var allowed = ScheduleFields.of(parsedKind.get());
        boolean foreign = false;
        for (var field : given().keySet()) {
            if (!allowed.contains(field)) {
                errors.reject(prefix + "." + field, null, ScheduleFields.foreign(prefix, field, parsedKind.get()));
                foreign = true;
            }
        }
        var missing = new HashSet<String>();
        requireIn(missing, "base_lr", baseLr);
        // Build even when a field is missing or the unit unknown, so every numeric problem is reported at once;
        // missing values are NaN, and a missing field's own "must be finite" complaint is left out (reject).
        Optional<? extends RateSchedule> built = parsedKind.get() == ScheduleKind.COSINE
                ? cosine(prefix, parsedUnit.orElse(ScheduleUnit.STEP), missing, errors)
                : baseline(parsedKind.get(), prefix, parsedUnit.orElse(ScheduleUnit.STEP), missing, errors);
        for (var field : missing) {
            errors.requireNonNull(prefix + "." + field, null);
        }
        boolean complete = !foreign && missing.isEmpty() && parsedUnit.isPresent();
        return complete ? built.map(RateSchedule.class::cast) : Optional.empty();
    }

    /** Every field the client gave, by its API name. */
    private Map<String, Object> given() {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("base_lr", baseLr);
        fields.put("unit", unit);
        fields.put("warmup", warmup);
        fields.put("warmup_start_lr", warmupStartLr);
        fields.put("eta_min", etaMin);
        fields.put("t_max", tMax);
        fields.put("t_mult", tMult);
        fields.put("cycle_decay", cycleDecay);
        fields.put("cycle_limit", cycleLimit);
        fields.put("restart_on_plateau", restartOnPlateau);
        fields.put("step_size", stepSize);
        fields.put("gamma", gamma);
        fields.put("milestones", milestones);
        fields.put("start_factor", startFactor);
        fields.put("end_factor", endFactor);
        fields.put("total", total);
        fields.put("pct_start", pctStart);
        fields.put("div_factor", divFactor);
        fields.put("final_div_factor", finalDivFactor);
        fields.put("anneal", anneal);
        fields.values().removeIf(value -> value == null);
        return fields;
    }

    private Optional<ScheduleConfig> cosine(
            String prefix, ScheduleUnit parsedUnit, Set<String> missing, FieldErrors errors) {
        requireIn(missing, "t_max", tMax);
        var plateau = restartOnPlateau == null
                ? Optional.<PlateauRestartConfig>empty()
                : restartOnPlateau.toConfig(prefix, errors);
        boolean plateauValid = restartOnPlateau == null || plateau.isPresent();
        try {
            var config = ScheduleConfig.builder()
                    .setBaseLr(orDefault(baseLr, Double.NaN))
                    .setTMax(orDefault(tMax, Double.NaN))
                    .optEtaMin(orDefault(etaMin, 0.0))
                    .optTMult(orDefault(tMult, 1.0))
                    .optUnit(parsedUnit)
                    .optWarmup(orDefault(warmup, 0.0))
                    .optWarmupStartLr(orDefault(warmupStartLr, 0.0))
                    .optCycleDecay(orDefault(cycleDecay, 1.0))
                    .optCycleLimit(orDefault(cycleLimit, 0))
                    .optPlateauRestart(plateau.orElse(null))
                    .build();
            return plateauValid ? Optional.of(config) : Optional.empty();
        } catch (InvalidScheduleException e) {
            reject(prefix, e, missing, errors);
            return Optional.empty();
        }
    }

    /** A baseline of {@code kind}, PyTorch's defaults filled in where PyTorch has one. */
    private Optional<BaselineSchedule> baseline(
            ScheduleKind kind, String prefix, ScheduleUnit parsedUnit, Set<String> missing, FieldErrors errors) {
        double base = orDefault(baseLr, Double.NaN);
        double w = orDefault(warmup, 0.0);
        double ws = orDefault(warmupStartLr, 0.0);
        var parsedAnneal = errors.choice(prefix + ".anneal", anneal, Anneal.COS, Anneal.class, Anneal::apiName);
        try {
            BaselineSchedule schedule = switch (kind) {
                case CONSTANT -> BaselineSchedule.Constant.of(base, parsedUnit, w, ws);
                case STEP ->
                    BaselineSchedule.Step.of(
                            base, required(missing, "step_size", stepSize), orDefault(gamma, 0.1), parsedUnit, w, ws);
                case MULTISTEP ->
                    BaselineSchedule.MultiStep.of(base, milestones, orDefault(gamma, 0.1), parsedUnit, w, ws);
                case EXPONENTIAL ->
                    BaselineSchedule.Exponential.of(base, required(missing, "gamma", gamma), parsedUnit, w, ws);
                case LINEAR ->
                    BaselineSchedule.Linear.of(
                            base,
                            orDefault(startFactor, 1.0 / 3),
                            orDefault(endFactor, 1.0),
                            orDefault(total, 5.0),
                            parsedUnit,
                            w,
                            ws);
                case ONE_CYCLE ->
                    BaselineSchedule.OneCycle.of(
                            base,
                            required(missing, "total", total),
                            orDefault(pctStart, 0.3),
                            orDefault(divFactor, 25.0),
                            orDefault(finalDivFactor, 1e4),
                            parsedAnneal.orElse(Anneal.COS),
                            parsedUnit);
                case COSINE -> throw new IllegalArgumentException("cosine is not a baseline");
            };
            return parsedAnneal.isPresent() ? Optional.of(schedule) : Optional.empty();
        } catch (InvalidScheduleException e) {
            reject(prefix, e, missing, errors);
            return Optional.empty();
        }
    }

    /** Records each violation under its field, but not a missing field's "must be finite": it is already missing. */
    private static void reject(String prefix, InvalidScheduleException e, Set<String> missing, FieldErrors errors) {
        for (ConfigViolation violation : e.violations()) {
            if (!missing.contains(violation.field())) {
                errors.reject(prefix + "." + violation.field(), null, prefix + "." + violation.message());
            }
        }
    }

    private static void requireIn(Set<String> missing, String field, Object value) {
        if (value == null) {
            missing.add(field);
        }
    }

    private static double required(Set<String> missing, String field, Double value) {
        requireIn(missing, field, value);
        return orDefault(value, Double.NaN);
    }

    private static <T> T orDefault(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
