package dev.anneal.schedule;

import java.util.Locale;

/** What one unit of schedule position counts: optimizer steps, or (fractional) epochs. */
public enum ScheduleUnit {
    /** Position {@code t} is the number of completed optimizer steps. */
    STEP,
    /** Position {@code t} is {@code epoch + batch / batches_per_epoch}. */
    EPOCH;

    /** The unit's name as the API spells it: {@code "step"} or {@code "epoch"}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
