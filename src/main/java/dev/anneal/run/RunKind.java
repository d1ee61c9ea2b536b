package dev.anneal.run;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a run does: train a model along its schedule, find a learning rate with the LR range test, or record what a
 * script outside Anneal trained.
 */
public enum RunKind {
    /** Trains a model along a learning-rate schedule: every run before range tests existed. */
    TRAINING,
    /** Ramps the rate from {@code start_lr} to {@code end_lr} and reads a good {@code base_lr} off the loss. */
    LR_RANGE_TEST,
    /**
     * Trained by a script of its own, which logs into Anneal (its native API, MLflow's, or the Python client): Anneal
     * stores and shows it, and never trains or resumes it.
     */
    EXTERNAL;

    /** Whether Anneal trains runs of this kind (queues them, resumes them), rather than a script outside. */
    public boolean isTrainedByAnneal() {
        return this != EXTERNAL;
    }

    /** The name as the API spells it: {@code "lr_range_test"}. */
    @JsonValue
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
