package dev.anneal.web;

import java.util.function.Supplier;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * A user's change to a run that a worker moves too (start, succeed, fail, requeue) can find the row's version moved
 * on between its read and its write. Each attempt is a transaction of its own that reads afresh, and the status
 * machine then refuses what the new state does not allow (a 409, not a 500).
 */
public final class ConflictRetry {

    private static final int ATTEMPTS = 5;

    private ConflictRetry() {}

    /** What {@code change} answers, tried again while it meets a concurrent write, up to five times in all. */
    public static <T> T again(Supplier<T> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                return change.get();
            } catch (OptimisticLockingFailureException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
