package dev.anneal.schedule;

import java.util.Locale;

/**
 * When to start the next cycle early: after {@code patience} evaluations in which {@code metric} did not improve by
 * more than {@code minDelta}. Like {@link ScheduleConfig}, it is validated when a schedule is built, not when it is
 * constructed.
 *
 * @param patience evaluations without improvement before a restart, at least 1
 * @param minDelta the smallest change that counts as an improvement, at least 0
 * @param metric the evaluation metric watched
 */
public record PlateauRestartConfig(int patience, double minDelta, Metric metric) {

    /** The evaluation metrics a plateau can be watched on. */
    public enum Metric {
        /** The validation loss: lower is better. */
        VAL_LOSS,
        /** The validation accuracy: higher is better. */
        VAL_ACC;

        /** The metric as the API spells it: {@code "val_loss"}. */
        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whether a smaller value of the metric is an improvement. */
    public boolean lowerIsBetter() {
        return metric == Metric.VAL_LOSS;
    }

    /** Records every bound this rule breaks. */
    void check(Violations violations) {
        if (patience < 1) {
            violations.add(
                    "restart_on_plateau.patience", "restart_on_plateau.patience must be >= 1 but was " + patience);
        }
        violations.atLeast("restart_on_plateau.min_delta", minDelta, 0);
        if (metric == null) {
            violations.add("restart_on_plateau.metric", "restart_on_plateau.metric must be val_loss or val_acc");
        }
    }
}
