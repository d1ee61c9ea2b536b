package dev.anneal.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anneal.sweep.EarlyTermination.RungKind;
import dev.anneal.sweep.RungLadder.Boundary;
import dev.anneal.sweep.RungLadder.Evaluation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Where trials reach their rungs, on synthetic curves: 10 steps an epoch, an evaluation at every epoch's end and at
 * every cycle end, as a sweep's trials make them.
 */
class CycleAlignedRungsTests {

    private static final int STEPS_PER_EPOCH = 10;

    private static final EarlyTermination GRACE_1_ETA_2 =
            new EarlyTermination(EarlyTermination.ASHA, RungKind.CYCLE_END, 2, 1, 3);

    /** Cycle ends of a cosine schedule of {@code tMax} epochs growing by {@code tMult}, up to {@code epochs}. */
    private static List<Boundary> cycleEnds(double tMax, double tMult, int epochs) {
        var ends = new ArrayList<Boundary>();
        double end = tMax;
        double length = tMax;
        for (long cycle = 0; end < epochs - 1e-9; cycle++) {
            ends.add(new Boundary(Math.round(end * STEPS_PER_EPOCH), end, cycle));
            length *= tMult;
            end += length;
        }
        return ends;
    }

    /** An evaluation at every epoch's end and at every cycle end, of {@code curve} over epochs. */
    private static List<Evaluation> evaluations(List<Boundary> cycleEnds, int epochs, DoubleUnaryOperator curve) {
        var steps = new java.util.TreeSet<Long>();
        for (int e = 1; e <= epochs; e++) {
            steps.add((long) e * STEPS_PER_EPOCH);
        }
        cycleEnds.forEach(end -> steps.add(end.step()));
        return steps.stream()
                .map(step -> new Evaluation(
                        step, (double) step / STEPS_PER_EPOCH, curve.applyAsDouble((double) step / STEPS_PER_EPOCH)))
                .toList();
    }

    private static Optional<Boundary> endOf(int epochs) {
        return Optional.of(new Boundary((long) epochs * STEPS_PER_EPOCH, epochs, null));
    }

    @Test
    void shouldReadEachRungAtTheFirstCycleEndAtOrAfterItsBudget() {
        var ladder = new RungLadder(GRACE_1_ETA_2);
        var restartsEveryEpoch = cycleEnds(1, 1, 8);
        var doubling = cycleEnds(1, 2, 8); // cycles end at epochs 1, 3, 7

        var constant = ladder.reached(restartsEveryEpoch, endOf(8), evaluations(restartsEveryEpoch, 8, e -> 1 / e));
        var growing = ladder.reached(doubling, endOf(8), evaluations(doubling, 8, e -> 1 / e));

        // budgets 1, 2, 4, 8 epochs
        assertThat(constant).extracting(RungLadder.Reached::epoch).containsExactly(1.0, 2.0, 4.0, 8.0);
        assertThat(constant).extracting(RungLadder.Reached::cycle).containsExactly(0L, 1L, 3L, null);
        assertThat(growing).extracting(RungLadder.Reached::epoch).containsExactly(1.0, 3.0, 7.0, 8.0);
        assertThat(growing).extracting(RungLadder.Reached::cycle).containsExactly(0L, 1L, 2L, null);
        assertThat(growing).extracting(RungLadder.Reached::value).containsExactly(1.0, 1 / 3.0, 1 / 7.0, 1 / 8.0);
        assertThat(growing).extracting(RungLadder.Reached::step).containsExactly(10L, 30L, 70L, 80L);
    }

    @Test
    void shouldReadPlainAshaRungsAtTheBudgetWhereverTheCycleIs() {
        var ladder = new RungLadder(new EarlyTermination(EarlyTermination.ASHA, RungKind.EPOCH, 2, 1, 3));
        var doubling = cycleEnds(1, 2, 8);

        var reached = ladder.reached(doubling, endOf(8), evaluations(doubling, 8, e -> 1 / e));

        assertThat(reached).extracting(RungLadder.Reached::epoch).containsExactly(1.0, 2.0, 4.0, 8.0);
        assertThat(reached).extracting(RungLadder.Reached::cycle).containsOnlyNulls();
    }

    @Test
    void shouldWaitForAValueNotStoredYetAndForCyclesNotEndedYet() {
        var ladder = new RungLadder(GRACE_1_ETA_2);
        var doubling = cycleEnds(1, 2, 8);
        // mid-run at epoch 5: cycles have ended at 1 and 3; the evaluation at 3 is not written yet
        var soFar = evaluations(doubling, 8, e -> 1 / e).stream()
                .filter(e -> e.epoch() <= 5 && e.epoch() != 3.0)
                .toList();

        var reached = ladder.reached(doubling.subList(0, 2), Optional.empty(), soFar);

        assertThat(reached).extracting(RungLadder.Reached::rung).containsExactly(0);
    }

    @Test
    void shouldReachNoRungWhenGraceAndEtaPutEveryBudgetPastTheRun() {
        var ladder = new RungLadder(new EarlyTermination(EarlyTermination.ASHA, RungKind.CYCLE_END, 3, 10, 3));
        var ends = cycleEnds(1, 1, 8);

        assertThat(ladder.reached(ends, endOf(8), evaluations(ends, 8, e -> 1 / e)))
                .isEmpty();
    }

    @Test
    void shouldReadARungAtTheRunsEndWhenNoCycleEndsAfterItsBudget() {
        var ladder = new RungLadder(GRACE_1_ETA_2);
        var oneLongCycle = cycleEnds(10, 1, 6); // never restarts within 6 epochs

        var running = ladder.reached(oneLongCycle, Optional.empty(), evaluations(oneLongCycle, 3, e -> 1 / e));
        var ended = ladder.reached(oneLongCycle, endOf(6), evaluations(oneLongCycle, 6, e -> 1 / e));

        assertThat(running).isEmpty();
        // every budget up to 6 epochs (1, 2, 4) is read at the run's end
        assertThat(ended).extracting(RungLadder.Reached::rung).containsExactly(0, 1, 2);
        assertThat(ended).extracting(RungLadder.Reached::epoch).containsOnly(6.0);
    }

    @Test
    void shouldJudgeAtTheFloorWhereAFixedEpochWouldCatchALongCycleAtItsPeak() {
        // a long-cycle trial sits high mid-cycle and ends lowest; a short-cycle one looks better early
        DoubleUnaryOperator longCycle = e -> e < 4 ? 1.0 - 0.05 * e : 0.3;
        DoubleUnaryOperator shortCycle = e -> 0.6;
        var rules = new EarlyTermination(EarlyTermination.ASHA, RungKind.CYCLE_END, 2, 2, 2);
        var metric = new SweepMetric(SweepMetric.Name.VAL_LOSS, Goal.MINIMIZE);
        var halving = new SuccessiveHalving(rules, metric);
        var ladder = new RungLadder(rules);
        var shortEnds = cycleEnds(1, 1, 8);
        var longEnds = cycleEnds(4, 1, 8);

        var shortAtRung0 = ladder.reached(shortEnds, Optional.empty(), evaluations(shortEnds, 2, shortCycle))
                .get(0);
        var longAtRung0 = ladder.reached(longEnds, Optional.empty(), evaluations(longEnds, 4, longCycle))
                .get(0);

        assertThat(longAtRung0.epoch()).isEqualTo(4.0); // its first cycle end at or after 2 epochs
        assertThat(halving.decide(longAtRung0, List.of(shortAtRung0.value()), true)
                        .action())
                .isEqualTo(Decision.Action.CONTINUED);
        var plainAsha = new RungLadder(new EarlyTermination(EarlyTermination.ASHA, RungKind.EPOCH, 2, 2, 2));
        var longAtEpoch2 = plainAsha
                .reached(longEnds, Optional.empty(), evaluations(longEnds, 4, longCycle))
                .get(0);
        assertThat(halving.decide(longAtEpoch2, List.of(shortAtRung0.value()), true)
                        .action())
                .isEqualTo(Decision.Action.STOPPED);
    }
}
