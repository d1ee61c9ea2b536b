package dev.anneal.ingest.mlflow;

import java.util.Locale;

/** MLflow's {@code view_type} / {@code run_view_type}: which lifecycle stages a listing shows. */
enum ViewType {
    ACTIVE_ONLY,
    DELETED_ONLY,
    ALL;

    /** The view {@code name} names, active only when it names none. */
    static ViewType of(String name) {
        if (name == null || name.isBlank()) {
            return ACTIVE_ONLY;
        }
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw MlflowException.invalid("Invalid view type '" + name + "': ACTIVE_ONLY, DELETED_ONLY or ALL");
        }
    }

    /** Whether a thing deleted or not ({@code deleted}) is shown. */
    boolean shows(boolean deleted) {
        return this == ALL || (this == DELETED_ONLY) == deleted;
    }
}
