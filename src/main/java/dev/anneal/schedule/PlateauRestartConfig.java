package dev.anneal.schedule;

import java.util.List;

/**
 * When to start the next cycle early: after {@code patience} evaluations in which {@code metric} did not improve by
 * more than {@code minDelta}.
 *
 * @param patience evaluations without improvement before a restart, at least 1
 * @param minDelta the smallest change that counts as an improvement, at least 0
 * @param metric the evaluation metric watched: {@code val_loss} (lower is better) or {@code val_acc} (higher is
 *     better)
 */
public record PlateauRestartConfig(int patience, double minDelta, String metric) {

    /** The metrics a plateau can be watched on. */
    public static final List<String> METRICS = List.of("val_loss", "val_acc");

    /** Validates every field, naming each one that breaks its bound. */
    public PlateauRestartConfig {
        var violations = new Violations();
        if (patience < 1) {
            violations.add(
                    "restart_on_plateau.patience", "restart_on_plateau.patience must be >= 1 but was " + patience);
        }
        violations.atLeast("restart_on_plateau.min_delta", minDelta, 0);
        if (!METRICS.contains(metric)) {
            violations.add(
                    "restart_on_plateau.metric",
                    "restart_on_plateau.metric must be one of %s but was %s".formatted(METRICS, metric));
        }
        violations.throwIfAny();
    }

    /** Whether a smaller value of the metric is an improvement. */
    public boolean lowerIsBetter() {
        return metric.endsWith("loss");
    }
}
