package dev.anneal.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;

class OutageRetryTests {

    private final OutageRetry retry = new OutageRetry(Duration.ofSeconds(2), Clock.systemUTC());

    private static RuntimeException outage() {
        return new DataAccessResourceFailureException(
                "connection broke", new SQLException("An I/O error occurred", "08006"));
    }

    @Test
    void shouldTryAWriteAgainUntilTheDatabaseIsBack() {
        var attempts = new AtomicInteger();

        String result = retry.call("storing metrics", () -> {
            if (attempts.incrementAndGet() < 3) {
                throw outage();
            }
            return "stored";
        });

        assertThat(result).isEqualTo("stored");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void shouldGiveUpAfterTheToleranceSayingHowLongTheDatabaseWasAway() {
        var attempts = new AtomicInteger();

        assertThatThrownBy(() -> retry.run("storing metrics", () -> {
                    attempts.incrementAndGet();
                    throw outage();
                }))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageMatching("the database was unreachable for \\d s while storing metrics")
                .satisfies(e -> assertThat(((DatabaseUnavailableException) e).unreachableFor())
                        .isGreaterThanOrEqualTo(Duration.ofSeconds(1)));
        assertThat(attempts.get()).isGreaterThan(2);
    }

    @Test
    void shouldNotRetryAnErrorTheDatabaseAnsweredWith() {
        var attempts = new AtomicInteger();
        var refused = new DataIntegrityViolationException("duplicate key", new SQLException("duplicate", "23505"));

        assertThatThrownBy(() -> retry.run("recording a checkpoint", () -> {
                    attempts.incrementAndGet();
                    throw refused;
                }))
                .isSameAs(refused);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void shouldStopWaitingForTheDatabaseWhenAskedTo() {
        assertThatThrownBy(() -> retry.callOnceBack(
                        "requeueing the run",
                        () -> {
                            throw outage();
                        },
                        () -> true))
                .isInstanceOf(DatabaseUnavailableException.class);
    }

    @Test
    void shouldSayDurationsAsAPersonDoes() {
        assertThat(DatabaseUnavailableException.words(Duration.ofMillis(300))).isEqualTo("1 s");
        assertThat(DatabaseUnavailableException.words(Duration.ofSeconds(45))).isEqualTo("45 s");
        assertThat(DatabaseUnavailableException.words(Duration.ofSeconds(92))).isEqualTo("1 min 32 s");
        assertThat(DatabaseUnavailableException.words(Duration.ofMinutes(4))).isEqualTo("4 min");
        assertThat(DatabaseUnavailableException.words(Duration.ofSeconds(754))).isEqualTo("12 min");
    }
}
