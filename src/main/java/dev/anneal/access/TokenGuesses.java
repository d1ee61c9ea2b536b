package dev.anneal.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Refused API tokens per address: past {@value #FREE_REFUSALS} in a {@link #WINDOW}, an address's token requests are
 * refused unchecked until its window ends, so guessing tokens costs a window per few guesses; and each window's
 * refusals are logged once, with their count, not once per request. At most {@value #MAX_KEPT} addresses are kept.
 */
@Component
public class TokenGuesses {

    static final int FREE_REFUSALS = 20;
    static final Duration WINDOW = Duration.ofMinutes(1);
    static final int MAX_KEPT = 100_000;

    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    TokenGuesses(Clock clock) {
        this.clock = clock;
    }

    /**
     * Refusals from an address in its current window.
     *
     * @param start when the window began
     * @param refusals how many tokens from there were refused in it
     */
    private record Window(Instant start, int refusals) {}

    /** Why a token request from {@code address} is refused before its token is checked, if it is. */
    public Optional<String> throttled(String address) {
        var window = current(address, clock.instant());
        if (window == null || window.refusals() < FREE_REFUSALS) {
            return Optional.empty();
        }
        long seconds =
                Duration.between(clock.instant(), window.start().plus(WINDOW)).toSeconds() + 1;
        return Optional.of("too many refused tokens from this address; try again in %d s".formatted(seconds));
    }

    /**
     * A token from {@code address} was refused; answers whether this is the window's first refusal, which alone is
     * logged.
     */
    public boolean refused(String address) {
        var now = clock.instant();
        if (windows.size() >= MAX_KEPT) {
            windows.values().removeIf(window -> isOver(window, now));
        }
        var counted = windows.compute(
                address,
                (key, window) -> window == null || isOver(window, now)
                        ? new Window(now, 1)
                        : new Window(window.start(), window.refusals() + 1));
        return counted.refusals() == 1;
    }

    private Window current(String address, Instant now) {
        var window = windows.get(address);
        return window == null || isOver(window, now) ? null : window;
    }

    private static boolean isOver(Window window, Instant now) {
        return !now.isBefore(window.start().plus(WINDOW));
    }
}
