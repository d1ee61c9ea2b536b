package dev.anneal.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anneal.sweep.EarlyTermination.RungKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ASHA's rule at one rung: too few peers continue; with enough, only the best 1/eta continue. */
class SuccessiveHalvingTests {

    private static final EarlyTermination ETA_3 =
            new EarlyTermination(EarlyTermination.ASHA, RungKind.CYCLE_END, 3, 1, 3);
    private static final SweepMetric LOSS = new SweepMetric(SweepMetric.Name.VAL_LOSS, Goal.MINIMIZE);
    private static final SweepMetric ACCURACY = new SweepMetric(SweepMetric.Name.VAL_ACC, Goal.MAXIMIZE);

    private static RungLadder.Reached at(double value) {
        return new RungLadder.Reached(1, 3, 2L, 3.0, 300, value);
    }

    @Test
    void shouldLetEveryTrialContinueUntilTheRungHasMinPeers() {
        var halving = new SuccessiveHalving(ETA_3, LOSS);

        var second = halving.decide(at(9.0), List.of(0.1), true);

        assertThat(second.action()).isEqualTo(Decision.Action.CONTINUED);
        assertThat(second.peers()).isEqualTo(2);
        assertThat(second.threshold()).isNull();
        assertThat(second.reason()).contains("too few to judge").contains("rung 1 (3 epochs)");
    }

    @Test
    void shouldLetATrialThatAlreadyEndedContinueAndSaySo() {
        var halving = new SuccessiveHalving(ETA_3, LOSS);

        var late = halving.decide(at(0.5), List.of(0.2, 0.9), false);

        assertThat(late.action()).isEqualTo(Decision.Action.CONTINUED);
        assertThat(late.threshold()).isEqualTo(0.2);
        assertThat(late.reason())
                .contains("val_loss 0.5 is outside the best 1 of 3")
                .endsWith("it had already ended when the rung was read, so it was not stopped");
    }

    @Test
    void shouldKeepOnlyTheBestThirdOnceTheRungHasEnoughValues() {
        var halving = new SuccessiveHalving(ETA_3, LOSS);

        var worse = halving.decide(at(0.5), List.of(0.2, 0.9), true);
        var best = halving.decide(at(0.1), List.of(0.2, 0.9), true);
        var tied = halving.decide(at(0.2), List.of(0.2, 0.9), true);

        assertThat(worse.action()).isEqualTo(Decision.Action.STOPPED);
        assertThat(worse.threshold()).isEqualTo(0.2);
        assertThat(worse.peers()).isEqualTo(3);
        assertThat(worse.reason())
                .isEqualTo("rung 1 (3 epochs), read at the end of cycle 2 (epoch 3): val_loss 0.5 is outside the best"
                        + " 1 of 3 trials there (threshold 0.2, eta 3): stopped");
        assertThat(best.action()).isEqualTo(Decision.Action.CONTINUED);
        assertThat(best.threshold()).isEqualTo(0.1);
        assertThat(tied.action()).isEqualTo(Decision.Action.CONTINUED);
    }

    @Test
    void shouldKeepTheTopFloorOfNOverEtaWhenTheRungHoldsMore() {
        var halving = new SuccessiveHalving(ETA_3, ACCURACY);
        var earlier = List.of(0.91, 0.80, 0.85, 0.70, 0.88); // with the arrival, 6 values: the best 2 continue

        assertThat(halving.decide(at(0.89), earlier, true).action()).isEqualTo(Decision.Action.CONTINUED);
        assertThat(halving.decide(at(0.89), earlier, true).threshold()).isEqualTo(0.89);
        assertThat(halving.decide(at(0.87), earlier, true).action()).isEqualTo(Decision.Action.STOPPED);
        assertThat(halving.decide(at(0.87), earlier, true).threshold()).isEqualTo(0.88);
    }
}
