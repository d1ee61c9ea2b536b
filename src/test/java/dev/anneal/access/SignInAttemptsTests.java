package dev.anneal.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
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

    /** Admits attempts for {@code name} from {@code address} until one is refused; answers how many were admitted. */
    private int admitted(String name, String address) {
        int admitted = 0;
        while (attempts.admit(name, address).isEmpty()) {
            admitted++;
        }
        return admitted;
    }

    @Test
    void shouldLetAFewAttemptsThroughThenOnePerGrowingWindow() {
        assertThat(admitted("ada", "10.0.0.1")).isEqualTo(SignInAttempts.PAIR_FREE);
        assertThat(attempts.admit("ada", "10.0.0.1"))
                .hasValue("too many failed sign-ins for this name; try again in 1 s");

        clock.now = clock.now.plusMillis(500);
        assertThat(admitted("ada", "10.0.0.1")).isEqualTo(1);
        clock.now = clock.now.plusMillis(999);
        assertThat(attempts.admit("ada", "10.0.0.1")).isPresent(); // the window doubled to a second
        clock.now = clock.now.plusMillis(1);
        assertThat(admitted("ada", "10.0.0.1")).isEqualTo(1);
    }

    @Test
    void shouldNeverMakeTheNamesOwnerElsewhereWaitLongerThanTheAccountsLongestWindow() {
        for (int i = 0; i < 10_000; i++) { // a stranger, from ever new addresses, forever
            attempts.admit("ada", "10.0." + (i / 250) + "." + (i % 250));
            clock.now = clock.now.plusMillis(10);
        }

        clock.now = clock.now.plus(SignInAttempts.ACCOUNT_LONGEST);
        assertThat(attempts.admit("ada", "192.0.2.1")).as("ada, from home").isEmpty();
    }

    @Test
    void shouldBoundAnAddressWhateverNamesItTries() {
        int admitted = 0;
        for (int i = 0; i < 1_000; i++) {
            admitted += attempts.admit("name" + i, "10.0.0.1").isEmpty() ? 1 : 0;
        }

        assertThat(admitted).isEqualTo(SignInAttempts.ADDRESS_FREE);
        assertThat(attempts.admit("bob", "10.0.0.1"))
                .hasValueSatisfying(reason -> assertThat(reason).contains("from this address"));
    }

    @Test
    void shouldForgiveTheNameOnASuccessButNotTheAddress() {
        assertThat(admitted("ada", "10.0.0.1")).isEqualTo(SignInAttempts.PAIR_FREE);

        attempts.succeeded("ada", "10.0.0.1");

        assertThat(attempts.admit("ada", "10.0.0.1")).as("the name is forgiven").isEmpty();
        assertThat(attempts.admit("eve", "10.0.0.1")).isEmpty();
        assertThat(attempts.admit("eve", "10.0.0.1"))
                .as("the address's last free attempt")
                .isEmpty();
        assertThat(attempts.admit("eve", "10.0.0.1"))
                .hasValueSatisfying(reason -> assertThat(reason).contains("from this address"));
    }

    @Test
    void shouldForgetOldAttempts() {
        admitted("ada", "10.0.0.1");
        clock.now = clock.now.plus(SignInAttempts.FORGET_AFTER);

        assertThat(attempts.admit("ada", "10.0.0.1")).isEmpty();
    }

    @Test
    void shouldKeepAHugeNameAsItsHashAndNoMoreThanTheBoundOfBudgets() {
        String huge = "x".repeat(1_000_000);
        attempts.admit(huge, "10.0.0.1");
        attempts.admit(huge + "y", "10.0.0.1");

        assertThat(attempts.kept()).isEqualTo(5); // one address, two names, each alone and from the address
        for (int i = 0; i < SignInAttempts.MAX_KEPT; i++) {
            attempts.admit("n" + i, "10.1." + (i / 250) + "." + (i % 250));
        }
        assertThat(attempts.kept()).isLessThanOrEqualTo(SignInAttempts.MAX_KEPT + 3);
    }

    @Test
    void shouldAdmitOnlyTheFreeAttemptsOfGuessesSentAllAtOnce() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(32);
        try {
            var guesses = new java.util.ArrayList<java.util.concurrent.Future<Boolean>>();
            for (int i = 0; i < 32; i++) {
                guesses.add(
                        pool.submit(() -> attempts.admit("admin", "10.0.0.1").isEmpty()));
            }
            int admitted = 0;
            for (var guess : guesses) {
                admitted += guess.get() ? 1 : 0;
            }

            assertThat(admitted).isEqualTo(SignInAttempts.PAIR_FREE);
        } finally {
            pool.shutdown();
        }
    }
}
