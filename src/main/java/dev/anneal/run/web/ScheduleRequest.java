package dev.anneal.run.web;

import dev.anneal.schedule.ConfigViolation;
import dev.anneal.schedule.InvalidScheduleException;
import dev.anneal.schedule.PlateauRestartConfig;
import dev.anneal.schedule.PlateauRestartConfig.Metric;
import dev.anneal.schedule.ScheduleConfig;
import dev.anneal.schedule.ScheduleUnit;
import dev.anneal.web.FieldErrors;
import java.util.Optional;

/**
 * A schedule as a client sends it: every field but {@code base_lr} and {@code t_max} may be left out and takes its
 * default.
 */
record ScheduleRequest(
        Double baseLr,
        Double etaMin,
        Double tMax,
        Double tMult,
        String unit,
        Double warmup,
        Double warmupStartLr,
        Double cycleDecay,
        Integer cycleLimit,
        PlateauRequest restartOnPlateau) {

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
     * The validated configuration, or empty with every problem recorded in {@code errors} under {@code prefix}
     * ({@code "schedule"}).
     */
    Optional<ScheduleConfig> toConfig(String prefix, FieldErrors errors) {
        errors.requireNonNull(prefix + ".base_lr", baseLr);
        errors.requireNonNull(prefix + ".t_max", tMax);
        var parsedUnit =
                errors.choice(prefix + ".unit", unit, ScheduleUnit.STEP, ScheduleUnit.class, ScheduleUnit::apiName);
        var plateau = restartOnPlateau == null
                ? Optional.<PlateauRestartConfig>empty()
                : restartOnPlateau.toConfig(prefix, errors);
        boolean plateauValid = restartOnPlateau == null || plateau.isPresent();
        // Build even when a field is missing or the unit unknown, so every numeric problem is reported at once;
        // missing values are NaN, and a missing field's own "must be finite" complaint is left out below.
        try {
            var config = ScheduleConfig.builder()
                    .setBaseLr(orDefault(baseLr, Double.NaN))
                    .setTMax(orDefault(tMax, Double.NaN))
                    .optEtaMin(orDefault(etaMin, 0.0))
                    .optTMult(orDefault(tMult, 1.0))
                    .optUnit(parsedUnit.orElse(ScheduleUnit.STEP))
                    .optWarmup(orDefault(warmup, 0.0))
                    .optWarmupStartLr(orDefault(warmupStartLr, 0.0))
                    .optCycleDecay(orDefault(cycleDecay, 1.0))
                    .optCycleLimit(orDefault(cycleLimit, 0))
                    .optPlateauRestart(plateau.orElse(null))
                    .build();
            return plateauValid && parsedUnit.isPresent() ? Optional.of(config) : Optional.empty();
        } catch (InvalidScheduleException e) {
            reject(prefix, e, errors);
            return Optional.empty();
        }
    }

    private void reject(String prefix, InvalidScheduleException e, FieldErrors errors) {
        for (ConfigViolation violation : e.violations()) {
            boolean missing = (violation.field().equals("base_lr") && baseLr == null)
                    || (violation.field().equals("t_max") && tMax == null);
            if (!missing) {
                errors.reject(prefix + "." + violation.field(), null, prefix + "." + violation.message());
            }
        }
    }

    private static <T> T orDefault(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
