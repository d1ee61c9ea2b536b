package dev.anneal.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SignInAttemptsTests {

    /** A clock a test moves by hand. */
    private static final class Hands extends Clock {
        private Instant now = Instant.parse("2026-12-02T08:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final Hands clock = new Hands();
    private final SignInAttempts attempts = new SignInAttempts(clock);

    @Test
    void shouldSlowDownAfterAFewFailuresThenLockNamingUntilWhen() {
        for (int i = 0; i < SignInAttempts.FREE_FAILURES; i++) {
            assertThat(attempts.delay("ada", "10.0.0.1")).isZero();
            attempts.failed("ada", "10.0.0.1");
        }
        assertThat(attempts.delay("ada", "10.0.0.1")).isEqualTo(Duration.ofMillis(500));
        attempts.failed("ada", "10.0.0.1");
        assertThat(attempts.delay("ada", "10.0.0.1")).isEqualTo(Duration.ofSeconds(1));
        for (int i = SignInAttempts.FREE_FAILURES + 1; i < SignInAttempts.LOCK_AFTER; i++) {
            assertThat(attempts.lockedOut("ada", "10.0.0.1")).isEmpty();
            attempts.failed("ada", "10.0.0.1");
        }

        assertThat(attempts.delay("ada", "10.0.0.1")).isEqualTo(Duration.ofSeconds(8));
        assertThat(attempts.lockedOut("ada", "10.0.0.2"))
                .hasValue("too many failed sign-ins for ada: locked until 2026-12-02T08:15:00Z (UTC); try again then");
        assertThat(attempts.lockedOut("bob", "10.0.0.1"))
                .hasValueSatisfying(reason -> assertThat(reason).contains("from this address"));
        clock.now = clock.now.plus(SignInAttempts.LOCK);
        assertThat(attempts.lockedOut("ada", "10.0.0.1")).isEmpty();
        assertThat(attempts.delay("ada", "10.0.0.1")).isZero();
    }

    @Test
    void shouldForgiveTheNameOnASuccessButNotTheAddress() {
        for (int i = 0; i < 5; i++) {
            attempts.failed("ada", "10.0.0.1");
        }

        attempts.succeeded("ada");

        assertThat(attempts.delay("ada", "10.0.0.9")).isZero();
        assertThat(attempts.delay("eve", "10.0.0.1")).isPositive();
    }

    @Test
    void shouldForgetOldFailures() {
        attempts.failed("ada", "10.0.0.1");
        attempts.failed("ada", "10.0.0.1");
        attempts.failed("ada", "10.0.0.1");
        clock.now = clock.now.plus(SignInAttempts.FORGET_AFTER);

        assertThat(attempts.delay("ada", "10.0.0.1")).isZero();
    }
}
