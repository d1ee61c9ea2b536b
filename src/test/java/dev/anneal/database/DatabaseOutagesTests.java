package dev.anneal.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.transaction.CannotCreateTransactionException;

class DatabaseOutagesTests {

    @Test
    void shouldTellABrokenConnectionAnywhereInTheChainAsAnOutage() {
        var broken = new SQLException("An I/O error occurred while sending to the backend.", "08006");

        assertThat(DatabaseOutages.isOutage(broken)).isTrue();
        assertThat(DatabaseOutages.isOutage(new CannotCreateTransactionException("no connection", broken)))
                .isTrue();
        assertThat(DatabaseOutages.isOutage(new RuntimeException(new RuntimeException(broken))))
                .isTrue();
    }

    @Test
    void shouldTellAServerShuttingDownOrStartingAsAnOutage() {
        assertThat(DatabaseOutages.isOutage(new SQLException("terminating connection", "57P01")))
                .isTrue();
        assertThat(DatabaseOutages.isOutage(new SQLException("the database system is starting up", "57P03")))
                .isTrue();
    }

    @Test
    void shouldTellAPoolOutOfConnectionsOrARefusedConnectionAsAnOutage() {
        assertThat(DatabaseOutages.isOutage(new SQLTransientConnectionException("request timed out after 2000ms")))
                .isTrue();
        assertThat(DatabaseOutages.isOutage(new RuntimeException(new ConnectException("Connection refused"))))
                .isTrue();
    }

    @Test
    void shouldTellTheRollbackOfABrokenJpaTransactionAsAnOutage() {
        // what a JPA transaction reports once HikariCP has closed the connection the driver reported broken
        var rollback = new JpaSystemException(new RuntimeException(
                "Unable to rollback against JDBC Connection", new SQLException("Connection is closed")));

        assertThat(DatabaseOutages.isOutage(rollback)).isTrue();
    }

    @Test
    void shouldNotTellAnErrorTheDatabaseAnsweredWithAsAnOutage() {
        var duplicate = new DataIntegrityViolationException(
                "duplicate key", new SQLException("duplicate key value violates unique constraint", "23505"));

        assertThat(DatabaseOutages.isOutage(duplicate)).isFalse();
        assertThat(DatabaseOutages.isTimeout(duplicate)).isFalse();
        assertThat(DatabaseOutages.isOutage(new IllegalStateException("no database involved")))
                .isFalse();
    }

    @Test
    void shouldTellAStatementCancelledByItsTimeout() {
        var cancelled = new QueryTimeoutException(
                "timed out", new SQLException("canceling statement due to statement timeout", "57014"));

        assertThat(DatabaseOutages.isTimeout(cancelled)).isTrue();
        assertThat(DatabaseOutages.isOutage(cancelled)).isFalse();
    }
}
