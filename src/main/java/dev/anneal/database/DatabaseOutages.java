package dev.anneal.database;

import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Tells what kind of database trouble an exception is, from anywhere in its chain of causes: Spring, Hibernate and
 * the pool each wrap the driver's error differently (a broken connection during a JPA transaction surfaces as
 * "Unable to rollback against JDBC Connection"), but the SQL state underneath says what happened.
 */
public final class DatabaseOutages {

    /**
     * HikariCP's answer for a connection it has closed, without an SQL state. It closes a connection as soon as the
     * driver reports it broken, so the rollback that follows a broken statement gets this, and Spring then reports
     * the rollback's error instead of the driver's.
     */
    private static final String POOL_CLOSED_CONNECTION = "Connection is closed";

    /** Statement cancelled by {@code statement_timeout}. */
    private static final String QUERY_CANCELED = "57014";

    /**
     * How long a caller the database could not serve should wait before it asks again ({@code Retry-After}): long
     * enough for a busy pool to drain, short enough for a person at the page.
     */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private DatabaseOutages() {}

    /** Whether {@code error} means the database could not serve a request: it is away, or it took too long. */
    public static boolean isUnavailable(Throwable error) {
        return isOutage(error) || isTimeout(error);
    }

    /**
     * Whether {@code error} means the database could not be reached: connection refused, broken or not to be had in
     * time, or the server shutting down, crashed or still starting. Such a write may succeed when tried again.
     */
    public static boolean isOutage(Throwable error) {
        return anyCause(
                error,
                cause -> cause instanceof SQLTransientConnectionException
                        || cause instanceof ConnectException
                        || cause instanceof SocketException
                        || (cause instanceof SQLException sql && isOutage(sql)));
    }

    /** Whether {@code error} is a statement that ran past its timeout. */
    public static boolean isTimeout(Throwable error) {
        return anyCause(error, cause -> cause instanceof SQLException sql && QUERY_CANCELED.equals(sql.getSQLState()));
    }

    private static boolean isOutage(SQLException error) {
        String state = error.getSQLState();
        if (state == null) {
            return POOL_CLOSED_CONNECTION.equals(error.getMessage());
        }
        return state.startsWith("08") // connection exception
                || state.equals("57P01") // admin shutdown
                || state.equals("57P02") // crash shutdown
                || state.equals("57P03"); // cannot connect now: starting up or shutting down
    }

    /** Whether {@code test} holds for {@code error}, a cause of it, or what those carry beside them. */
    private static boolean anyCause(Throwable error, Predicate<Throwable> test) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = error; cause != null && seen.add(cause); cause = cause.getCause()) {
            if (test.test(cause)) {
                return true;
            }
            if (cause instanceof SQLException sql
                    && sql.getNextException() != null
                    && test.test(sql.getNextException())) {
                return true;
            }
            for (Throwable suppressed : cause.getSuppressed()) {
                if (test.test(suppressed)) {
                    return true;
                }
            }
        }
        return false;
    }
}
