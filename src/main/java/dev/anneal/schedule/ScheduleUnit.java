package dev.anneal.schedule;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

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

    /** Finds the unit the API spells {@code name}, if there is one. */
    public static Optional<ScheduleUnit> fromApiName(String name) {
        return Arrays.stream(values())
                .filter(unit -> unit.apiName().equals(name))
                .findFirst();
    }
}
