package dev.anneal.system;

import dev.anneal.database.DatabaseOutages;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A request the database could not serve in time, told apart from a bug: unreachable, no connection free within the
 * web pool's wait, or a statement past the web statement timeout. Answered 503 with {@code Retry-After}.
 *
 * @param detail what happened, for the client
 */
record DatabaseBusy(String detail) {

    private static final Logger log = LoggerFactory.getLogger(DatabaseBusy.class);

    /** What {@code error} says about the database, or empty when it is not about the database being busy or down. */
    static Optional<DatabaseBusy> of(Throwable error) {
        if (DatabaseOutages.isTimeout(error)) {
            log.warn("A request's statement ran past the web statement timeout: {}", error.toString());
            return Optional.of(new DatabaseBusy("The database took too long to answer; try again in a few seconds."));
        }
        if (DatabaseOutages.isOutage(error)) {
            log.warn("A request found the database unreachable or its connections all in use: {}", error.toString());
            return Optional.of(new DatabaseBusy("The database is unreachable or busy; try again in a few seconds."));
        }
        return Optional.empty();
    }

    ProblemDetail problem() {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
        problem.setTitle("Database unavailable");
        return problem;
    }
}
