package dev.anneal.sweep;

import dev.anneal.sweep.Decision.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * ASHA's rule at one rung: a trial arriving there is compared with every value the rung already holds. With fewer
 * than {@code min_peers} values (its own included) it continues, since there is nothing yet to judge it by; with
 * enough, it continues only within the best {@code max(1, floor(n / eta))} of the {@code n}, ties included, and is
 * stopped otherwise. The rung's values stay as they were when each trial arrived: an early trial is never judged
 * again by later ones (the asynchronous variant, which never waits for a rung to fill).
 */
final class SuccessiveHalving {

    private final EarlyTermination rules;
    private final SweepMetric metric;

    SuccessiveHalving(EarlyTermination rules, SweepMetric metric) {
        this.rules = rules;
        this.metric = metric;
    }

    /**
     * The decision for a trial that reached {@code arrival}, where the rung already held {@code earlier}; a trial that
     * is no longer {@code stoppable} (it ended before its rung was read) continues whatever the rule says, and the
     * reason says so.
     */
    Decision decide(RungLadder.Reached arrival, List<Double> earlier, boolean stoppable) {
        var values = new ArrayList<>(earlier);
        values.add(arrival.value());
        int peers = values.size();
        String where = where(arrival);
        String value = "%s %s".formatted(metric.name().apiName(), figure(arrival.value()));
        if (peers < rules.minPeers()) {
            return new Decision(
                    Action.CONTINUED,
                    arrival.rung(),
                    arrival.value(),
                    null,
                    peers,
                    "%s: %s; %d of the min_peers %d trials have reached it, too few to judge: it continues"
                            .formatted(where, value, peers, rules.minPeers()));
        }
        values.sort(metric.goal().bestFirst());
        int kept = Math.max(1, peers / rules.eta());
        double threshold = values.get(kept - 1);
        boolean within = metric.goal().atLeastAsGood(arrival.value(), threshold);
        String verdict = within
                ? "it continues"
                : stoppable ? "stopped" : "it had already ended when the rung was read, so it was not stopped";
        return new Decision(
                within || !stoppable ? Action.CONTINUED : Action.STOPPED,
                arrival.rung(),
                arrival.value(),
                threshold,
                peers,
                "%s: %s is %s the best %d of %d trials there (threshold %s, eta %d): %s"
                        .formatted(
                                where,
                                value,
                                within ? "within" : "outside",
                                kept,
                                peers,
                                figure(threshold),
                                rules.eta(),
                                verdict));
    }

    private static String where(RungLadder.Reached arrival) {
        String rung = "rung %d (%s %s)"
                .formatted(arrival.rung(), figure(arrival.budget()), arrival.budget() == 1 ? "epoch" : "epochs");
        if (arrival.cycle() != null) {
            return "%s, read at the end of cycle %d (epoch %s)"
                    .formatted(rung, arrival.cycle(), figure(arrival.epoch()));
        }
        return "%s, read at epoch %s".formatted(rung, figure(arrival.epoch()));
    }

    /** Four significant digits, as people read metrics: 0.4123, 12.5, 3. */
    static String figure(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e9) {
            return Long.toString((long) value);
        }
        return new java.math.BigDecimal(value)
                .round(new java.math.MathContext(4))
                .stripTrailingZeros()
                .toPlainString()
                .toLowerCase(Locale.ROOT);
    }
}
