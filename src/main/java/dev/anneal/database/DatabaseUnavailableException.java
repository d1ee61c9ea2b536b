package dev.anneal.database;

import java.time.Duration;
import java.time.Instant;

/** The database stayed unreachable for longer than a writer may wait; the message says so in words. */
public class DatabaseUnavailableException extends RuntimeException {

    private final String activity;
    private final Instant since;
    private final Duration unreachableFor;

    DatabaseUnavailableException(String activity, Instant since, Instant gaveUp, Throwable cause) {
        super(describe(activity, Duration.between(since, gaveUp)), cause);
        this.activity = activity;
        this.since = since;
        this.unreachableFor = Duration.between(since, gaveUp);
    }

    /** How long the database could not be reached before the writer gave up. */
    public Duration unreachableFor() {
        return unreachableFor;
    }

    /** The outage as it looks once the database is back at {@code back}: how long it really lasted, in words. */
    public String describeUntil(Instant back) {
        return describe(activity, Duration.between(since, back));
    }

    private static String describe(String activity, Duration unreachable) {
        return "the database was unreachable for %s while %s".formatted(words(unreachable), activity);
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
