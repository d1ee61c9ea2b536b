package dev.anneal.jobs;

import dev.anneal.database.DatabaseOutages;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A failed run's cause in a researcher's words, for errors nobody foresaw: what went wrong, never an exception's
 * class name; the server log keeps the stack trace.
 */
final class FailureCauses {

    private FailureCauses() {}

    static String describe(Throwable error) {
        Throwable cause = unwrap(error);
        if (DatabaseOutages.isOutage(cause)) {
            return "the database connection broke while training (%s); resume the run to continue from its checkpoint"
                    .formatted(message(root(cause)));
        }
        return "training failed unexpectedly: %s (the server log has the details)".formatted(message(root(cause)));
    }

    /** Wrappers of asynchronous work say nothing of their own. */
    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static Throwable root(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String message(Throwable error) {
        String message = error.getMessage();
        return message == null || message.isBlank() ? "an internal error without a message" : message.strip();
    }
}
