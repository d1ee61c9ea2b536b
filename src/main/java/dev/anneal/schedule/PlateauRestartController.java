package dev.anneal.schedule;

import java.util.Optional;

/**
 * Decides, from a stream of evaluation values, when a plateau calls for the next cycle to start early, and says
 * why. Mutable; its whole state is the {@link Snapshot} it reports and can be restored from.
 */
public final class PlateauRestartController {

    private final PlateauRestartConfig config;
    private Double best;
    private int evalsSinceBest;

    /** A controller that has seen no evaluation yet. */
    public PlateauRestartController(PlateauRestartConfig config) {
        this(config, new Snapshot(null, 0));
    }

    /** A controller that continues from {@code snapshot}. */
    public PlateauRestartController(PlateauRestartConfig config, Snapshot snapshot) {
        this.config = config;
        this.best = snapshot.best();
        this.evalsSinceBest = snapshot.evalsSinceBest();
    }

    /**
     * Records one evaluation; returns the reason for a restart when this evaluation completes a plateau. After a
     * restart the controller starts afresh, so the new cycle is judged against its own best, not the old cycle's.
     */
    public Optional<String> observe(double value) {
        if (improves(value)) {
            best = value;
            evalsSinceBest = 0;
            return Optional.empty();
        }
        evalsSinceBest++;
        if (evalsSinceBest < config.patience()) {
            return Optional.empty();
        }
        String reason = "%s did not improve by more than %s for %d evaluations (best %s)"
                .formatted(
                        config.metric().apiName(),
                        Numbers.format(config.minDelta()),
                        evalsSinceBest,
                        best == null ? "none" : Numbers.format(best));
        best = null;
        evalsSinceBest = 0;
        return Optional.of(reason);
    }

    /** The controller's whole state. */
    public Snapshot snapshot() {
        return new Snapshot(best, evalsSinceBest);
    }

    /** A non-finite value (a diverged loss) never counts as an improvement. */
    private boolean improves(double value) {
        if (!Double.isFinite(value)) {
            return false;
        }
        if (best == null) {
            return true;
        }
        return config.lowerIsBetter() ? value < best - config.minDelta() : value > best + config.minDelta();
    }

    /**
     * The controller's state.
     *
     * @param best the best value seen since the last restart, or {@code null} before the first evaluation
     * @param evalsSinceBest evaluations since {@code best} was last improved on
     */
    public record Snapshot(Double best, int evalsSinceBest) {}
}
