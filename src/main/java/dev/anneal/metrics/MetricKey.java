package dev.anneal.metrics;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The metrics a run logs; each is stored as a two-byte id (table {@code metric_key}). */
public enum MetricKey {
    /** The learning rate of each optimizer step. */
    LR(1),
    /** The training loss of each optimizer step. */
    TRAIN_LOSS(2),
    /** The global gradient norm of each optimizer step, before clipping. */
    GRAD_NORM(3),
    /** The validation loss of each evaluation. */
    VAL_LOSS(4),
    /** The validation accuracy of each evaluation. */
    VAL_ACC(5),
    /** The schedule's cycle index at each optimizer step. */
    CYCLE(6),
    /** How far into its cycle each optimizer step is, {@code T_cur / T_i}. */
    CYCLE_POS(7),
    /** The test-set accuracy at the end of a run. */
    TEST_ACC(8),
    /** A range test's debiased moving average of the training loss, at each optimizer step. */
    SMOOTHED_LOSS(9);

    private final short id;

    MetricKey(int id) {
        this.id = (short) id;
    }

    /** The key's id in storage. */
    short id() {
        return id;
    }

    /** The key as the API spells it: {@code "train_loss"}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The key the API spells {@code name}, if there is one. */
    public static Optional<MetricKey> fromApiName(String name) {
        return Arrays.stream(values()).filter(key -> key.apiName().equals(name)).findFirst();
    }

    static MetricKey ofId(short id) {
        return Arrays.stream(values())
                .filter(key -> key.id == id)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("unknown metric key id " + id));
    }
}
