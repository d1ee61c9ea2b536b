package dev.anneal.sweep;

import dev.anneal.sweep.EarlyTermination.RungKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Where a trial has reached each rung so far, and its value there, from what its run recorded: where its cycles
 * ended, where it stopped, and its evaluations. A rung whose value is not stored yet (the metric writer batches) is
 * not reached yet; neither is any rung after it.
 */
final class RungLadder {

    /** Epochs are fractional (step / steps per epoch): a cycle that ends at 3 may be stored as 2.9999999999999996. */
    private static final double EPOCH_TOLERANCE = 1e-9;

    private final EarlyTermination rules;

    RungLadder(EarlyTermination rules) {
        this.rules = rules;
    }

    /**
     * Where a cycle ended, or the run did.
     *
     * @param step the optimizer step: the restart's first step, which the weights at the floor precede
     * @param epoch the fractional epoch there
     * @param cycle the cycle that ended (from 0), or {@code null} for the end of the run
     */
    record Boundary(long step, double epoch, Long cycle) {}

    /**
     * One evaluation of the judged metric.
     *
     * @param step the optimizer steps before it
     * @param epoch the fractional epoch
     * @param value the metric's value
     */
    record Evaluation(long step, double epoch, double value) {}

    /**
     * A rung a trial reached.
     *
     * @param rung its index, from 0
     * @param budget its budget, in epochs
     * @param cycle the cycle whose end it was read at, or {@code null} (an epoch rung, or the run's end)
     * @param epoch where it was read
     * @param step the step it was read at
     * @param value the metric there
     */
    record Reached(int rung, double budget, Long cycle, double epoch, long step, double value) {}

    /**
     * The rungs the trial has reached, in order.
     *
     * @param cycleEnds where its cycles ended so far, in step order
     * @param runEnd where the run ended, once it has
     * @param evaluations its evaluations of the judged metric so far, in step order
     */
    List<Reached> reached(List<Boundary> cycleEnds, Optional<Boundary> runEnd, List<Evaluation> evaluations) {
        var reached = new ArrayList<Reached>();
        // a rung past the run's end is never reached: no cycle ends, and nothing is evaluated, after it
        for (int k = 0; k < EarlyTermination.MAX_RUNGS; k++) {
            double budget = rules.budget(k);
            var rung = rules.rung() == RungKind.EPOCH
                    ? atEpoch(k, budget, evaluations)
                    : atCycleEnd(k, budget, cycleEnds, runEnd, evaluations);
            if (rung.isEmpty()) {
                break;
            }
            reached.add(rung.get());
        }
        return List.copyOf(reached);
    }

    private static Optional<Reached> atEpoch(int k, double budget, List<Evaluation> evaluations) {
        return evaluations.stream()
                .filter(evaluation -> evaluation.epoch() >= budget - EPOCH_TOLERANCE)
                .findFirst()
                .map(evaluation ->
                        new Reached(k, budget, null, evaluation.epoch(), evaluation.step(), evaluation.value()));
    }

    private static Optional<Reached> atCycleEnd(
            int k, double budget, List<Boundary> cycleEnds, Optional<Boundary> runEnd, List<Evaluation> evaluations) {
        var ends = new ArrayList<>(cycleEnds);
        runEnd.ifPresent(ends::add);
        var boundary = ends.stream()
                .filter(end -> end.epoch() >= budget - EPOCH_TOLERANCE)
                .min(Comparator.comparingLong(Boundary::step));
        if (boundary.isEmpty()) {
            return Optional.empty();
        }
        var at = boundary.get();
        // at a cycle's end the trial evaluated exactly there; at the run's end, its last evaluation is its result
        var evaluation = at.cycle() != null
                ? evaluations.stream().filter(e -> e.step() == at.step()).findFirst()
                : evaluations.stream().filter(e -> e.step() <= at.step()).reduce((first, second) -> second);
        return evaluation.map(e -> new Reached(k, budget, at.cycle(), at.epoch(), at.step(), e.value()));
    }
}
