package dev.anneal.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The range test's ramp and the smoothing it stops by. */
class RangeRampTests {

    @Test
    void shouldRiseGeometricallyFromStartToEndExactly() {
        var ramp = RangeRamp.builder().build(); // 1e-7 to 10 over 100 steps

        assertThat(ramp.rateAt(0)).isEqualTo(1e-7);
        assertThat(ramp.rateAt(99)).isEqualTo(10.0);
        for (int i = 0; i < 99; i++) {
            assertThat(ramp.rateAt(i)).isCloseTo(1e-7 * Math.pow(1e8, i / 99.0), within(1e-12 * ramp.rateAt(i)));
            assertThat(ramp.rateAt(i + 1) / ramp.rateAt(i)).isCloseTo(Math.pow(1e8, 1 / 99.0), within(1e-12));
        }
    }

    @Test
    void shouldRiseInAStraightLineInLinearMode() {
        var ramp = RangeRamp.builder()
                .optStartLr(0.01)
                .optEndLr(1)
                .optNumSteps(12)
                .optMode(RangeRamp.Mode.LINEAR)
                .build();

        assertThat(ramp.rateAt(0)).isEqualTo(0.01);
        assertThat(ramp.rateAt(11)).isEqualTo(1.0);
        assertThat(ramp.rateAt(5)).isCloseTo(0.01 + 0.99 * 5 / 11, within(1e-15));
        assertThatThrownBy(() -> ramp.rateAt(12)).hasMessage("step 12 is outside the ramp's 0..11");
    }

    @Test
    void shouldRefuseBadValuesNamingEachField() {
        assertThatThrownBy(() -> RangeRamp.builder()
                        .optStartLr(1e-3)
                        .optEndLr(1e-3)
                        .optNumSteps(5)
                        .optSmoothing(1)
                        .optDivergeFactor(1)
                        .optRepeats(6)
                        .optMode(null)
                        .build())
                .isInstanceOfSatisfying(
                        InvalidScheduleException.class,
                        e -> assertThat(e.violations())
                                .extracting(ConfigViolation::field)
                                .containsExactly(
                                        "end_lr", "num_steps", "mode", "smoothing", "diverge_factor", "repeats"))
                .hasMessageContaining("end_lr must be > start_lr (0.001) but was 0.001")
                .hasMessageContaining("num_steps must be between 10 and 10000 but was 5")
                .hasMessageContaining("repeats must be between 1 and 5 but was 6");
        assertThatThrownBy(() -> RangeRamp.builder().optStartLr(0).build())
                .hasMessage("start_lr must be > 0 but was 0");
        assertThatThrownBy(() -> RangeRamp.builder().optNumSteps(10_001).build())
                .hasMessageContaining("num_steps");
    }

    @Test
    void shouldSmoothWithoutBiasTowardsZeroAndCallDivergenceAtTheFactor() {
        var smoothed = new SmoothedLoss(0.98, 4);

        assertThat(smoothed.add(2.0)).isCloseTo(2.0, within(1e-12)); // debiased: the first value is itself
        assertThat(smoothed.add(2.0)).isCloseTo(2.0, within(1e-12));
        assertThat(smoothed.add(1.0)).isLessThan(2.0).isGreaterThan(1.0);
        assertThat(smoothed.diverged()).isFalse();

        var plain = new SmoothedLoss(0, 4); // no smoothing: each loss as it is
        plain.add(1.0);
        plain.add(0.5);
        plain.add(2.0);
        assertThat(plain.diverged()).isFalse(); // 4 × best is 2: not yet past it
        plain.add(2.01);
        assertThat(plain.diverged()).isTrue();
        assertThat(plain.best()).isEqualTo(0.5);
    }

    @Test
    void shouldCallALossThatIsNoLongerANumberDiverged() {
        var smoothed = new SmoothedLoss(0.98, 4);
        smoothed.add(2.3);
        smoothed.add(Double.NaN);

        assertThat(smoothed.diverged()).isTrue();
        assertThat(smoothed.best()).isCloseTo(2.3, within(1e-12));
    }
}
