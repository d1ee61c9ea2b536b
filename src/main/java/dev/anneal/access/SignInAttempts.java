package dev.anneal.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * How many password guesses may be made, and when: every attempt is admitted (or not) before its password is
 * checked, atomically, so guesses sent in parallel count as much as guesses sent one after another.
 *
 * <p>Three budgets, each a backoff rather than a lock: an address ({@value #ADDRESS_FREE} free attempts, then one per
 * window that doubles up to {@link #ADDRESS_LONGEST}), a name from one address ({@value #PAIR_FREE} free, then the
 * same), and a name from anywhere ({@value #ACCOUNT_FREE} free, then at most one per {@link #ACCOUNT_LONGEST}): a
 * stranger hammering a name from elsewhere slows its owner down by seconds, never locks them out. An attempt counts
 * from its admission, so attempts in flight count too; a success clears the name's budgets and takes its own attempt
 * back from the address's. Budgets not used for {@link #FORGET_AFTER} are forgotten, and at most {@value #MAX_KEPT} are kept
 * (the stalest go first), so a flood of names cannot fill memory. Kept in memory: a restart forgets.
 */
@Component
public class SignInAttempts {

    static final int ADDRESS_FREE = 5;
    static final int PAIR_FREE = 3;
    static final int ACCOUNT_FREE = 20;
    static final Duration FIRST_WAIT = Duration.ofMillis(500);
    static final Duration ADDRESS_LONGEST = Duration.ofMinutes(1);
    static final Duration ACCOUNT_LONGEST = Duration.ofSeconds(15);
    static final Duration FORGET_AFTER = Duration.ofMinutes(15);
    static final int MAX_KEPT = 100_000;
    /** Names longer than this are kept by their hash: a megabyte of name costs what a short one does. */
    static final int LONGEST_KEPT_NAME = 64;

    private final Clock clock;
    private final Map<String, Budget> budgets = new ConcurrentHashMap<>();

    SignInAttempts(Clock clock) {
        this.clock = clock;
    }

    /**
     * Attempts admitted since the last success, and when the next may come.
     *
     * @param attempts admitted attempts (a success clears them)
     * @param next the earliest the next attempt is admitted
     * @param seen the last attempt
     */
    private record Budget(int attempts, Instant next, Instant seen) {}

    /**
     * Admits an attempt for {@code username} from {@code address}, counting it at once; or says how long to wait,
     * without counting it.
     */
    public Optional<String> admit(String username, String address) {
        var now = clock.instant();
        forgetIfFull(now);
        String name = kept(username);
        var keys = new String[] {"address:" + address, "pair:" + name + "@" + address, "account:" + name};
        synchronized (this) { // the check and the count of all three as one: parallel guesses line up here
            for (String key : keys) {
                var budget = current(key, now);
                if (budget != null && now.isBefore(budget.next())) {
                    long seconds =
                            Math.max(1, Duration.between(now, budget.next()).toSeconds() + 1);
                    return Optional.of("too many failed sign-ins %s; try again in %d s"
                            .formatted(key.startsWith("address:") ? "from this address" : "for this name", seconds));
                }
            }
            count(keys[0], now, ADDRESS_FREE, ADDRESS_LONGEST);
            count(keys[1], now, PAIR_FREE, ADDRESS_LONGEST);
            count(keys[2], now, ACCOUNT_FREE, ACCOUNT_LONGEST);
        }
        return Optional.empty();
    }

    /**
     * {@code username} signed in from {@code address}: the name's attempts are forgiven, and this attempt no longer
     * counts against the address (its failures still do: the colleagues behind one office address are not slowed by
     * each other's sign-ins).
     */
    public void succeeded(String username, String address) {
        String name = kept(username);
        synchronized (this) {
            budgets.remove("pair:" + name + "@" + address);
            budgets.remove("account:" + name);
            budgets.computeIfPresent(
                    "address:" + address,
                    (key, budget) -> budget.attempts() <= 1
                            ? null
                            : new Budget(
                                    budget.attempts() - 1,
                                    budget.attempts() - 1 < ADDRESS_FREE ? budget.seen() : budget.next(),
                                    budget.seen()));
        }
    }

    /** How many budgets are kept, for tests. */
    int kept() {
        return budgets.size();
    }

    private void count(String key, Instant now, int free, Duration longest) {
        var budget = current(key, now);
        int attempts = budget == null ? 1 : budget.attempts() + 1;
        budgets.put(key, new Budget(attempts, now.plus(wait(attempts, free, longest)), now));
    }

    /** No wait for the free attempts; then {@link #FIRST_WAIT}, doubling with each attempt, up to {@code longest}. */
    static Duration wait(int attempts, int free, Duration longest) {
        if (attempts < free) {
            return Duration.ZERO;
        }
        var wait = FIRST_WAIT.multipliedBy(1L << Math.min(attempts - free, 20));
        return wait.compareTo(longest) > 0 ? longest : wait;
    }

    private Budget current(String key, Instant now) {
        var budget = budgets.get(key);
        return budget == null || isStale(budget, now) ? null : budget;
    }

    private static boolean isStale(Budget budget, Instant now) {
        return !now.isBefore(budget.seen().plus(FORGET_AFTER)) && !now.isBefore(budget.next());
    }

    /** Past {@value #MAX_KEPT} budgets, the stale ones go, then the least recently seen. */
    private void forgetIfFull(Instant now) {
        if (budgets.size() < MAX_KEPT) {
            return;
        }
        budgets.values().removeIf(budget -> isStale(budget, now));
        if (budgets.size() >= MAX_KEPT) {
            budgets.entrySet().stream()
                    .sorted(Map.Entry.comparingByValue((a, b) -> a.seen().compareTo(b.seen())))
                    .limit(budgets.size() - MAX_KEPT / 2)
                    .map(Map.Entry::getKey)
                    .toList()
                    .forEach(budgets::remove);
        }
    }

    private static String kept(String username) {
        if (username.length() <= LONGEST_KEPT_NAME) {
            return username;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(username.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
