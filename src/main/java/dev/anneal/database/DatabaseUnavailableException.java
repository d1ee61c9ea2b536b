package dev.anneal.database;

import java.time.Duration;

/** The database stayed unreachable for longer than a writer may wait; the message says so in words. */
public class DatabaseUnavailableException extends RuntimeException {

    private final Duration unreachableFor;

    DatabaseUnavailableException(String activity, Duration unreachableFor, Throwable cause) {
        super("the database was unreachable for %s while %s".formatted(words(unreachableFor), activity), cause);
        this.unreachableFor = unreachableFor;
    }

    /** How long the database could not be reached before the writer gave up. */
    public Duration unreachableFor() {
        return unreachableFor;
    }

    /** A duration as a person says it: "45 s", "1 min 32 s", "4 min". */
    public static String words(Duration duration) {
        long seconds = Math.max(1, Math.round(duration.toMillis() / 1000.0));
        if (seconds < 60) {
            return seconds + " s";
        }
        long minutes = seconds / 60;
        long rest = seconds % 60;
        if (minutes >= 10 || rest == 0) {
            return minutes + " min";
        }
        return minutes + " min " + rest + " s";
    }
}
