package dev.anneal.schedule;

import dev.anneal.schedule.SchedulePreview.Warning;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The checks a preview runs on a schedule for a given run length. */
final class RunWarnings {

    /** A run that stops above this share of its cycle's range (peak − eta_min) stops before annealing. */
    static final double HIGH_RATE_SHARE = 0.1;

    private RunWarnings() {}

    /** Warnings about the configuration alone, whatever the run's length. */
    static List<Warning> ofConfig(ScheduleConfig config) {
        var warnings = new ArrayList<Warning>();
        if (config.etaMin() == config.baseLr()) {
            warnings.add(new Warning(
                    "ETA_MIN_EQUALS_BASE_LR",
                    "eta_min equals base_lr (%s): the rate is constant and the schedule does nothing"
                            .formatted(Numbers.format(config.baseLr()))));
        }
        if (config.warmup() > config.tMax()) {
            warnings.add(new Warning(
                    "WARMUP_LONGER_THAN_FIRST_CYCLE",
                    "warmup (%s) is longer than the first cycle (t_max %s): most of the early budget goes to warmup"
                            .formatted(Numbers.format(config.warmup()), Numbers.format(config.tMax()))));
        }
        if (config.restartsOnPlateau()) {
            warnings.add(new Warning(
                    "PLATEAU_RESTARTS_NOT_SHOWN",
                    "restarts on plateau depend on evaluation results; the preview shows the planned cycles only"));
        }
        return warnings;
    }

    /**
     * Warnings about a run that ends at {@code runEnd} (in the schedule's unit) whose last step is at
     * {@code lastPosition}.
     */
    static List<Warning> of(CosineWarmRestarts schedule, double runEnd, double lastPosition) {
        var config = schedule.config();
        var warnings = ofConfig(config);
        if (config.warmup() + config.tMax() > runEnd) {
            warnings.add(new Warning(
                    "FIRST_CYCLE_LONGER_THAN_RUN",
                    "the first cycle ends at %s %s but the run ends at %s: the rate never anneals to eta_min"
                            .formatted(
                                    config.unit().apiName(),
                                    Numbers.format(config.warmup() + config.tMax()),
                                    Numbers.format(runEnd))));
        } else {
            endsMidCycle(schedule, lastPosition).ifPresent(warnings::add);
        }
        return warnings;
    }

    private static Optional<Warning> endsMidCycle(CosineWarmRestarts schedule, double lastPosition) {
        var config = schedule.config();
        var last = schedule.positionAt(lastPosition);
        var cycle = last.cycle();
        double range = cycle.peak() - config.etaMin();
        boolean high = last.phase() == SchedulePosition.Phase.CYCLE
                && range > 0
                && last.lr() - config.etaMin() > HIGH_RATE_SHARE * range;
        if (!high) {
            return Optional.empty();
        }
        String unit = config.unit().apiName();
        String earlier = cycle.index() == 0
                ? ""
                : " or at %s %s, where cycle %d ends".formatted(unit, Numbers.format(cycle.start()), cycle.index() - 1);
        return Optional.of(new Warning(
                "ENDS_MID_CYCLE",
                "the run ends %.0f%% into cycle %d at lr %s (%.0f%% of its peak %s); end it at %s %s, where the cycle ends%s"
                        .formatted(
                                100 * last.cycleFraction(),
                                cycle.index(),
                                Numbers.format(last.lr()),
                                100 * last.lr() / cycle.peak(),
                                Numbers.format(cycle.peak()),
                                unit,
                                Numbers.format(cycle.end()),
                                earlier)));
    }
}
