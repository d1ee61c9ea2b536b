package dev.anneal.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TokenGuessesTests {

    private Instant now = Instant.parse("2026-12-07T08:00:00Z");
    private final TokenGuesses guesses = new TokenGuesses(new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });

    @Test
    void shouldLogAWindowsFirstRefusalOnlyAndStopCheckingAfterTheFreeOnes() {
        assertThat(guesses.refused("10.0.0.1")).as("logged").isTrue();
        for (int i = 1; i < TokenGuesses.FREE_REFUSALS; i++) {
            assertThat(guesses.throttled("10.0.0.1")).isEmpty();
            assertThat(guesses.refused("10.0.0.1")).as("not logged again").isFalse();
        }

        assertThat(guesses.throttled("10.0.0.1"))
                .hasValue("too many refused tokens from this address; try again in 61 s");
        assertThat(guesses.throttled("10.0.0.2")).isEmpty();
        now = now.plus(TokenGuesses.WINDOW);
        assertThat(guesses.throttled("10.0.0.1")).isEmpty();
        assertThat(guesses.refused("10.0.0.1")).as("a new window's first").isTrue();
    }
}
