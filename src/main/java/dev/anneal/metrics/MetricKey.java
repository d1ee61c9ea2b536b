package dev.anneal.metrics;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A metric's name: one of those Anneal's training logs ({@link #LR}, {@link #TRAIN_LOSS}, …), or any a script logs
 * (issue 23) within MLflow's rules for names: 1–250 letters, digits, {@code _ - . /} and spaces. Stored as a two-byte
 * id (table {@code metric_key}, {@code MetricKeyIds}).
 *
 * @param name the name as the API spells it: {@code "train_loss"}
 */
public record MetricKey(String name) {

    /** The longest name, MLflow's own bound. */
    public static final int MAX_LENGTH = 250;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_\\-./ ]{1,%d}".formatted(MAX_LENGTH));

    /** The learning rate of each optimizer step. */
    public static final MetricKey LR = new MetricKey("lr");
    /** The training loss of each optimizer step. */
    public static final MetricKey TRAIN_LOSS = new MetricKey("train_loss");
    /** The global gradient norm of each optimizer step, before clipping. */
    public static final MetricKey GRAD_NORM = new MetricKey("grad_norm");
    /** The validation loss of each evaluation. */
    public static final MetricKey VAL_LOSS = new MetricKey("val_loss");
    /** The validation accuracy of each evaluation. */
    public static final MetricKey VAL_ACC = new MetricKey("val_acc");
    /** The schedule's cycle index at each optimizer step. */
    public static final MetricKey CYCLE = new MetricKey("cycle");
    /** How far into its cycle each optimizer step is, {@code T_cur / T_i}. */
    public static final MetricKey CYCLE_POS = new MetricKey("cycle_pos");
    /** The test-set accuracy at the end of a run. */
    public static final MetricKey TEST_ACC = new MetricKey("test_acc");
    /** A range test's debiased moving average of the training loss, at each optimizer step. */
    public static final MetricKey SMOOTHED_LOSS = new MetricKey("smoothed_loss");

    /** The keys Anneal's own training logs, in the order of their ids (1–9). */
    public static final List<MetricKey> BUILT_IN =
            List.of(LR, TRAIN_LOSS, GRAD_NORM, VAL_LOSS, VAL_ACC, CYCLE, CYCLE_POS, TEST_ACC, SMOOTHED_LOSS);

    public MetricKey {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(rule(name));
        }
    }

    /** The key the API spells {@code name}, or empty when {@code name} breaks the rules for names. */
    public static Optional<MetricKey> fromApiName(String name) {
        return name != null && NAME.matcher(name).matches() ? Optional.of(new MetricKey(name)) : Optional.empty();
    }

    /** The rule for names, and how {@code name} breaks it, in words a caller reads. */
    public static String rule(String name) {
        String shown =
                name == null ? "missing" : "\"" + (name.length() > 60 ? name.substring(0, 60) + "…" : name) + "\"";
        return "a metric name is 1 to %d letters, digits, spaces and _ - . / but was %s".formatted(MAX_LENGTH, shown);
    }

    /** The name as the API spells it. */
    @JsonValue
    public String apiName() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
