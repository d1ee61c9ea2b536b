package dev.anneal.database;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;

/**
 * Carries a training run's writes through a database outage: a write that fails because the database cannot be
 * reached is tried again with growing pauses, for up to the outage tolerance ({@code anneal.database.outage-tolerance}),
 * and only then given up with a {@link DatabaseUnavailableException}. Any other error is not retried. The writes it
 * carries must be safe to repeat (Anneal's are upserts or guarded transitions).
 */
public class OutageRetry {

    private static final Logger log = LoggerFactory.getLogger(OutageRetry.class);

    private final Duration tolerance;
    private final Clock clock;
    private final RetryTemplate retries;

    OutageRetry(Duration tolerance, Clock clock) {
        this.tolerance = tolerance;
        this.clock = clock;
        this.retries = new RetryTemplate(RetryPolicy.builder()
                .predicate(OutageRetry::worthRetrying)
                .maxRetries(Long.MAX_VALUE)
                .timeout(tolerance)
                .delay(Duration.ofMillis(250))
                .multiplier(2)
                .maxDelay(Duration.ofSeconds(5))
                .build());
        this.retries.setRetryListener(new Recovery());
    }

    /**
     * An outage is worth waiting out, unless a write inside this one has already waited out the whole tolerance and
     * given up: retrying that again would only wait twice as long before saying so.
     */
    private static boolean worthRetrying(Throwable error) {
        return DatabaseOutages.isOutage(error) && !(error instanceof DatabaseUnavailableException);
    }

    /** Runs {@code write}, retrying it through an outage; {@code activity} says what it does, for messages. */
    public void run(String activity, Runnable write) {
        call(activity, () -> {
            write.run();
            return null;
        });
    }

    /** Calls {@code write}, retrying it through an outage; {@code activity} says what it does, for messages. */
    public <T> T call(String activity, Supplier<T> write) {
        Instant start = clock.instant();
        try {
            return retries.execute(new Attempt<>(activity, write));
        } catch (RetryException e) {
            Throwable last = e.getLastException() == null ? e.getCause() : e.getLastException();
            if (DatabaseOutages.isOutage(last) && !(last instanceof DatabaseUnavailableException)) {
                throw new DatabaseUnavailableException(activity, start, clock.instant(), last);
            }
            if (last instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            if (last instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(last);
        }
    }

    /**
     * Calls {@code write} until the database is back, however long that takes, unless {@code stop} says to give up
     * first: then the last {@link DatabaseUnavailableException} is thrown.
     */
    public <T> T callOnceBack(String activity, Supplier<T> write, BooleanSupplier stop) {
        while (true) {
            try {
                return call(activity, write);
            } catch (DatabaseUnavailableException e) {
                if (stop.getAsBoolean()) {
                    throw e;
                }
            }
        }
    }

    private record Attempt<T>(String activity, Supplier<T> write) implements Retryable<T> {

        @Override
        public T execute() {
            return write.get();
        }

        @Override
        public String getName() {
            return activity;
        }
    }

    /** Says when an outage starts being waited out and when the database is back; the retries in between are quiet. */
    private final class Recovery implements RetryListener {

        @Override
        public void onRetryableExecution(
                RetryPolicy policy, Retryable<?> retryable, org.springframework.core.retry.RetryState state) {
            if (!state.isSuccessful()
                    && state.getRetryCount() == 0
                    && DatabaseOutages.isOutage(state.getLastException())) {
                log.warn(
                        "The database is unreachable while {}; retrying for up to {}: {}",
                        retryable.getName(),
                        DatabaseUnavailableException.words(tolerance),
                        state.getLastException().toString());
            }
        }

        @Override
        public void onRetrySuccess(RetryPolicy policy, Retryable<?> retryable, Object result) {
            log.info("The database is reachable again; {} went on", retryable.getName());
        }

        @Override
        public void onRetryPolicyTimeout(RetryPolicy policy, Retryable<?> retryable, RetryException exception) {
            log.warn(
                    "The database stayed unreachable for {} while {}",
                    DatabaseUnavailableException.words(tolerance),
                    retryable.getName());
        }
    }
}
