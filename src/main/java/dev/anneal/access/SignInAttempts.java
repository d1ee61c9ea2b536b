package dev.anneal.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Repeated sign-in failures, for a user or from an address: after {@value #FREE_FAILURES} in a row each further
 * attempt waits a little longer (to 8 s), and after {@value #LOCK_AFTER} the name or address is locked for
 * {@link #LOCK} whatever the password. A success clears the name's count. Kept in memory: a restart forgets, which
 * only gives a guesser the few tries a restart costs them.
 */
@Component
public class SignInAttempts {

    static final int FREE_FAILURES = 3;
    static final int LOCK_AFTER = 10;
    static final Duration LOCK = Duration.ofMinutes(15);
    static final Duration FORGET_AFTER = Duration.ofMinutes(15);
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(8);

    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    SignInAttempts(Clock clock) {
        this.clock = clock;
    }

    private record Failures(int count, Instant last) {}

    /** Why an attempt for {@code username} from {@code address} is refused before its password is checked. */
    public Optional<String> lockedOut(String username, String address) {
        var now = clock.instant();
        for (String key : new String[] {"user:" + username, "address:" + address}) {
            var seen = current(key, now);
            if (seen != null && seen.count() >= LOCK_AFTER) {
                var until = seen.last().plus(LOCK);
                return Optional.of("too many failed sign-ins %s: locked until %s (UTC); try again then"
                        .formatted(key.startsWith("user:") ? "for " + username : "from this address", until));
            }
        }
        return Optional.empty();
    }

    /** How long an attempt for {@code username} from {@code address} waits before its password is checked. */
    public Duration delay(String username, String address) {
        var now = clock.instant();
        int count = Math.max(count("user:" + username, now), count("address:" + address, now));
        if (count < FREE_FAILURES) {
            return Duration.ZERO;
        }
        var wait = Duration.ofMillis(500L << Math.min(count - FREE_FAILURES, 10));
        return wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
    }

    /** A wrong password for {@code username} from {@code address}. */
    public void failed(String username, String address) {
        var now = clock.instant();
        for (String key : new String[] {"user:" + username, "address:" + address}) {
            failures.compute(key, (k, seen) -> {
                var live = seen == null || isStale(seen, now) ? null : seen;
                return new Failures(live == null ? 1 : live.count() + 1, now);
            });
        }
    }

    /** {@code username} signed in: their failures are forgiven (the address's are not). */
    public void succeeded(String username) {
        failures.remove("user:" + username);
    }

    private int count(String key, Instant now) {
        var seen = current(key, now);
        return seen == null ? 0 : seen.count();
    }

    private Failures current(String key, Instant now) {
        var seen = failures.get(key);
        return seen == null || isStale(seen, now) ? null : seen;
    }

    private static boolean isStale(Failures seen, Instant now) {
        var keep = seen.count() >= LOCK_AFTER ? LOCK : FORGET_AFTER;
        return !now.isBefore(seen.last().plus(keep));
    }
}
