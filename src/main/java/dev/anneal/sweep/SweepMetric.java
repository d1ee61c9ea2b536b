package dev.anneal.sweep;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.anneal.metrics.MetricKey;
import java.util.Locale;

/**
 * What a sweep judges its trials by: a metric every evaluation records, and whether lower or higher wins.
 *
 * @param name the metric
 * @param goal which way is better
 */
public record SweepMetric(Name name, Goal goal) {

    /** The metrics a sweep can judge by: those of every evaluation. */
    public enum Name {
        VAL_LOSS(MetricKey.VAL_LOSS, Goal.MINIMIZE),
        VAL_ACC(MetricKey.VAL_ACC, Goal.MAXIMIZE);

        private final MetricKey key;
        private final Goal usualGoal;

        Name(MetricKey key, Goal usualGoal) {
            this.key = key;
            this.usualGoal = usualGoal;
        }

        /** The metric's key in a run's stored series. */
        public MetricKey key() {
            return key;
        }

        /** Which way this metric is better, when a request does not say. */
        public Goal usualGoal() {
            return usualGoal;
        }

        /** The name as the API spells it: {@code "val_loss"}. */
        @JsonValue
        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
