package dev.anneal.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import dev.anneal.schedule.SchedulePosition.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CosineWarmRestartsTests {

    private static CosineWarmRestarts sgdr(double tMax, double tMult) {
        return CosineWarmRestarts.of(ScheduleConfig.builder()
                .setBaseLr(0.1)
                .setTMax(tMax)
                .optTMult(tMult)
                .optEtaMin(0.001)
                .build());
    }

    @ParameterizedTest(name = "T_0={0}, T_mult={1}: cycle {3} starts at {2}")
    @CsvSource({
        // PyTorch's CosineAnnealingWarmRestarts.step(epoch) lands one cycle low at these two: floor(log(...)) rounds
        // 4.999... down and returns eta_min instead of the peak.
        "1, 3, 121, 5",
        "1, 10, 111, 3",
        "1, 3, 40, 4",
        "10, 2, 150, 4",
        "7, 1, 49, 7",
    })
    void shouldRestartAtThePeakExactlyOnEachBoundary(double tMax, double tMult, double boundary, long cycle) {
        var schedule = sgdr(tMax, tMult);

        var position = schedule.positionAt(boundary);

        assertThat(position.cycle().index()).isEqualTo(cycle);
        assertThat(position.cycle().start()).isEqualTo(boundary);
        assertThat(position.lr()).isEqualTo(0.1);
        assertThat(schedule.positionAt(Math.nextDown(boundary)).cycle().index()).isEqualTo(cycle - 1);
    }

    @Test
    void shouldFindExactBoundariesAtTenMillionSteps() {
        var schedule = sgdr(1, 2);
        // cycle k starts at 2^k - 1; 2^23 - 1 = 8 388 607 lies below 10^7
        double boundary = Math.pow(2, 23) - 1;

        assertThat(schedule.positionAt(boundary).cycle().index()).isEqualTo(23);
        assertThat(schedule.rate(boundary)).isEqualTo(0.1);
        assertThat(schedule.positionAt(boundary - 1).cycle().index()).isEqualTo(22);
        assertThat(schedule.positionAt(10_000_000).cycle().index()).isEqualTo(23);
    }

    @Test
    void shouldCountCyclesOfEqualLengthAtTenMillionSteps() {
        var schedule = sgdr(7, 1);

        var position = schedule.positionAt(9_999_997);

        assertThat(position.cycle().index()).isEqualTo(1_428_571);
        assertThat(position.cycle().start()).isEqualTo(9_999_997);
        assertThat(position.lr()).isEqualTo(0.1);
    }

    @Test
    void shouldGrowCyclesByARealTMult() {
        var schedule = sgdr(10, 1.5);

        assertThat(schedule.cycle(1).start()).isEqualTo(10);
        assertThat(schedule.cycle(1).length()).isEqualTo(15);
        assertThat(schedule.cycle(2).start()).isEqualTo(25);
        assertThat(schedule.cycle(2).length()).isEqualTo(22.5);
        assertThat(schedule.rate(25)).isEqualTo(0.1);
        assertThat(schedule.positionAt(24.999).cycle().index()).isEqualTo(1);
    }

    @Test
    void shouldWarmUpLinearlyAsAPrefix() {
        var schedule = CosineWarmRestarts.of(ScheduleConfig.builder()
                .setBaseLr(0.1)
                .setTMax(10)
                .optWarmup(4)
                .optWarmupStartLr(0.02)
                .build());

        assertThat(schedule.positionAt(0).phase()).isEqualTo(Phase.WARMUP);
        assertThat(schedule.rate(0)).isEqualTo(0.02);
        assertThat(schedule.rate(2)).isCloseTo(0.06, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(schedule.rate(4)).isEqualTo(0.1);
        assertThat(schedule.positionAt(4).cycle().start()).isEqualTo(4);
        assertThat(schedule.rate(14)).isEqualTo(0.1); // the first restart: warmup shifts every cycle
    }

    @Test
    void shouldHoldEtaMinAfterTheCycleLimit() {
        var schedule = CosineWarmRestarts.of(ScheduleConfig.builder()
                .setBaseLr(0.1)
                .setTMax(10)
                .optEtaMin(0.001)
                .optCycleLimit(2)
                .build());

        assertThat(schedule.rate(10)).isEqualTo(0.1);
        assertThat(schedule.positionAt(20).phase()).isEqualTo(Phase.HOLD);
        assertThat(schedule.rate(20)).isEqualTo(0.001);
        assertThat(schedule.rate(1e6)).isEqualTo(0.001);
        assertThat(schedule.cyclesBetween(0, 100, 10)).extracting(Cycle::index).containsExactly(0L, 1L);
    }

    @Test
    void shouldDecayEachPeakButNeverBelowEtaMin() {
        var schedule = CosineWarmRestarts.of(ScheduleConfig.builder()
                .setBaseLr(0.1)
                .setTMax(10)
                .optEtaMin(0.03)
                .optCycleDecay(0.5)
                .build());

        assertThat(schedule.rate(10)).isEqualTo(0.05);
        assertThat(schedule.rate(20)).isEqualTo(0.03);
        assertThat(schedule.rate(25)).isEqualTo(0.03);
    }

    @Test
    void shouldTakeFractionalEpochPositions() {
        var schedule = CosineWarmRestarts.of(ScheduleConfig.builder()
                .setBaseLr(0.1)
                .setTMax(1)
                .optTMult(2)
                .optUnit(ScheduleUnit.EPOCH)
                .build());

        assertThat(schedule.rate(0.5)).isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(schedule.rate(1)).isEqualTo(0.1);
        assertThat(schedule.positionAt(2).cycleFraction()).isEqualTo(0.5);
    }

    @Test
    void shouldRefuseNegativeAndNonFinitePositions() {
        var schedule = sgdr(10, 2);

        assertThatIllegalArgumentException().isThrownBy(() -> schedule.rate(-1)).withMessageContaining("-1");
        assertThatIllegalArgumentException().isThrownBy(() -> schedule.rate(Double.NaN));
        assertThatIllegalArgumentException().isThrownBy(() -> schedule.rate(Double.POSITIVE_INFINITY));
    }

    @Test
    void shouldStartTheNextCycleAtARestartWithTheProgressionsLength() {
        var schedule = sgdr(10, 2).restartedAt(6);

        var position = schedule.positionAt(6);

        assertThat(position.cycle()).isEqualTo(new Cycle(1, 6, 20, 0.1));
        assertThat(schedule.cycle(2).start()).isEqualTo(26);
        assertThat(schedule.cycle(2).length()).isEqualTo(40);
    }

    @Test
    void shouldRefuseAPositionPastTheCyclesADoubleCounts() {
        // a stored configuration is read back unvalidated; before this bound, the search stepped through 10^20
        // cycles one at a time
        var stored = new ScheduleConfig(0.1, 0, 1e-300, 1, ScheduleUnit.STEP, 0, 0, 1, 0, null);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> CosineWarmRestarts.of(stored).rate(1))
                .withMessage("position 1 lies past cycle 2^53 of cycles 1e-300 long");
    }

    @Test
    void shouldListNoMoreCyclesThanAsked() {
        var schedule = CosineWarmRestarts.of(
                ScheduleConfig.builder().setBaseLr(0.1).setTMax(1e-6).build());

        assertThat(schedule.cyclesBetween(0, 1e9, 3)).extracting(Cycle::index).containsExactly(0L, 1L, 2L);
        assertThat(schedule.positionAt(1e9).cycle().index()).isCloseTo(1_000_000_000_000_000L, within(1L));
    }
}
