package dev.anneal.schedule;

import java.util.Optional;

/**
 * The schedule of one training run as it unfolds: {@linkplain #step steps} through its positions reporting each
 * change of course it makes, answers the rate at a position, takes evaluation results to decide plateau restarts,
 * and saves and restores its whole state for checkpoints.
 *
 * <p>Positions must not go back. A rate may be asked for the same position many times (an optimizer asks once per
 * parameter); a pending plateau restart takes effect at the first position after the evaluation that caused it.
 */
public final class AnnealingScheduler {

    private final ScheduleConfig config;
    private final PlateauRestartController plateau;
    private CosineWarmRestarts curve;
    private double t;
    private int plateauRestarts;
    private boolean restartPending;
    private String pendingReason;
    private SchedulePosition.Phase steppedPhase;
    private Long steppedCycle;

    private AnnealingScheduler(ScheduleConfig config, ScheduleState state) {
        this.config = config;
        this.curve = CosineWarmRestarts.anchoredAt(config, state.cycleIndex(), state.cycleStart(), state.cycleLength());
        this.plateau = config.restartsOnPlateau()
                ? new PlateauRestartController(
                        config.plateauRestart(),
                        new PlateauRestartController.Snapshot(state.bestMetric(), state.evalsSinceBest()))
                : null;
        this.t = state.t();
        this.plateauRestarts = state.plateauRestarts();
        this.restartPending = state.restartPending();
        this.pendingReason = state.pendingReason();
        this.steppedPhase = state.steppedPhase();
        this.steppedCycle = state.steppedCycle();
    }

    /** A scheduler at position 0 of {@code config}. */
    public static AnnealingScheduler start(ScheduleConfig config) {
        Cycle first = CosineWarmRestarts.of(config).cycle(0);
        return new AnnealingScheduler(
                config, new ScheduleState(0, 0, first.start(), first.length(), null, 0, 0, false, null, null, null));
    }

    /** A scheduler that continues exactly where the one that saved {@code state} left off. */
    public static AnnealingScheduler restore(ScheduleConfig config, ScheduleState state) {
        return new AnnealingScheduler(config, state);
    }

    /**
     * Moves to the position of the next training step and reports it: its rate, and the change of course the
     * schedule makes there compared with the step before — the end of warmup, a scheduled restart, or a plateau
     * restart with its reason. The first step reports none. Leaving the last cycle of a limited schedule for the
     * hold at {@code eta_min} is no change of course: nothing restarts.
     */
    public ScheduleStep step(double t) {
        var position = positionAt(t);
        var transition = transitionTo(position);
        steppedPhase = position.phase();
        steppedCycle = position.cycle().index();
        return new ScheduleStep(position, transition);
    }

    /** The change of course from the last step's phase and cycle to {@code position}'s. */
    private Optional<ScheduleTransition> transitionTo(SchedulePosition position) {
        if (steppedPhase == null) {
            return Optional.empty();
        }
        var phase = position.phase();
        long cycle = position.cycle().index();
        if (steppedPhase == SchedulePosition.Phase.WARMUP && phase == SchedulePosition.Phase.CYCLE) {
            return Optional.of(new ScheduleTransition(ScheduleTransition.Kind.WARMUP_END, cycle, steppedCycle, null));
        }
        if (steppedPhase != SchedulePosition.Phase.CYCLE
                || phase != SchedulePosition.Phase.CYCLE
                || cycle == steppedCycle) {
            return Optional.empty();
        }
        if (pendingReason != null && !restartPending) {
            String reason = pendingReason;
            pendingReason = null;
            return Optional.of(
                    new ScheduleTransition(ScheduleTransition.Kind.PLATEAU_RESTART, cycle, steppedCycle, reason));
        }
        return Optional.of(new ScheduleTransition(ScheduleTransition.Kind.RESTART, cycle, steppedCycle, "scheduled"));
    }

    /** The learning rate at position {@code t}. */
    public double rateAt(double t) {
        return positionAt(t).lr();
    }

    /** Where {@code t} falls in the schedule and the rate there, applying a pending plateau restart first. */
    public SchedulePosition positionAt(double t) {
        if (t < this.t) {
            throw new IllegalArgumentException("position must not go back, but %s came after %s"
                    .formatted(Numbers.format(t), Numbers.format(this.t)));
        }
        if (restartPending && t > this.t) {
            curve = curve.restartedAt(t);
            restartPending = false;
            plateauRestarts++;
        }
        this.t = t;
        return curve.positionAt(t);
    }

    /**
     * Takes the value of the watched metric from an evaluation at the current position; returns the plateau
     * restart it triggers, if any. Evaluations during warmup or after the last cycle are not counted: there is no
     * cycle to cut short.
     */
    public Optional<PlateauRestart> observe(double metricValue) {
        if (plateau == null || restartPending) {
            return Optional.empty();
        }
        if (curve.positionAt(t).phase() != SchedulePosition.Phase.CYCLE) {
            return Optional.empty();
        }
        Optional<PlateauRestart> restart = plateau.observe(metricValue).map(reason -> new PlateauRestart(t, reason));
        restartPending = restart.isPresent();
        pendingReason = restart.map(PlateauRestart::reason).orElse(null);
        return restart;
    }

    /** The scheduler's whole state, to keep in a checkpoint. */
    public ScheduleState state() {
        Cycle anchor = curve.anchor();
        var snapshot = plateau == null ? new PlateauRestartController.Snapshot(null, 0) : plateau.snapshot();
        return new ScheduleState(
                t,
                anchor.index(),
                anchor.start(),
                anchor.length(),
                snapshot.best(),
                snapshot.evalsSinceBest(),
                plateauRestarts,
                restartPending,
                pendingReason,
                steppedPhase,
                steppedCycle);
    }

    /** The configuration this scheduler follows. */
    public ScheduleConfig config() {
        return config;
    }
}
