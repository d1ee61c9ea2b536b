package dev.anneal.run;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a run does: train a model along its schedule, or find a learning rate with the LR range test. */
public enum RunKind {
    /** Trains a model along a learning-rate schedule: every run before range tests existed. */
    TRAINING,
    /** Ramps the rate from {@code start_lr} to {@code end_lr} and reads a good {@code base_lr} off the loss. */
    LR_RANGE_TEST;

    /** The name as the API spells it: {@code "lr_range_test"}. */
    @JsonValue
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
