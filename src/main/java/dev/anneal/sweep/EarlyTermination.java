package dev.anneal.sweep;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Asynchronous successive halving (ASHA) on rungs aligned to a trial's schedule. Rung {@code k}'s budget is
 * {@code grace · eta^k} epochs; a trial reaches it at the end of its first cycle that ends at or after the budget
 * ({@link RungKind#CYCLE_END}), or at the budget itself ({@link RungKind#EPOCH}, plain ASHA). Once {@code minPeers}
 * trials have values at a rung, a trial arriving there continues only within the best {@code 1/eta} of them.
 *
 * @param type the rule: {@code "asha"}
 * @param rung where rungs are read
 * @param eta the reduction factor: the best {@code 1/eta} continue, and each rung's budget is {@code eta} times the last
 * @param grace the first rung's budget, in epochs
 * @param minPeers how many values a rung needs before it stops anyone
 */
public record EarlyTermination(String type, RungKind rung, int eta, double grace, int minPeers) {

    /** The one rule there is. */
    public static final String ASHA = "asha";

    /** Rungs never go past this many: a budget {@code eta^32} times the grace is past any run's length. */
    static final int MAX_RUNGS = 32;

    /** Rung {@code k}'s budget, in epochs. */
    public double budget(int k) {
        return grace * Math.pow(eta, k);
    }

    /** Where a trial's rungs are read. */
    public enum RungKind {
        /** At the end of the first cycle that ends at or after the budget: where the schedule is at its floor. */
        CYCLE_END,
        /** At the budget itself, wherever the schedule is then: plain ASHA, as trackers judge. */
        EPOCH;

        /** The name as the API spells it: {@code "cycle_end"}. */
        @JsonValue
        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
