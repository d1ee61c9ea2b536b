package dev.anneal.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The baselines' warmup prefix and validation. Their values against PyTorch's own (reference/baseline_vectors.csv)
 * are checked through the preview endpoint, as a client sends them (SchedulePreviewEndpointTests).
 */
class BaselineScheduleTests {

    private static final ScheduleUnit STEPS = ScheduleUnit.STEP;

    @Test
    void shouldWarmUpInAStraightLineThenFollowTheBaselineFromItsStart() {
        var step = BaselineSchedule.Step.of(0.1, 10, 0.5, STEPS, 0, 0);
        var warmed = BaselineSchedule.Step.of(0.1, 10, 0.5, STEPS, 4, 0.02);

        assertThat(warmed.rate(0)).isEqualTo(0.02);
        assertThat(warmed.rate(2)).isEqualTo(0.06);
        assertThat(warmed.rate(4)).isEqualTo(0.1);
        assertThat(warmed.rate(14)).isEqualTo(step.rate(10)).isEqualTo(0.05);
        assertThat(step.rate(9.999)).isEqualTo(0.1);
        assertThatThrownBy(() -> BaselineSchedule.Step.of(0.1, 10, 0.5, STEPS, 4, 0.5))
                .hasMessageContaining("warmup_start_lr must be <= the first rate after warmup (0.1) but was 0.5");
    }

    @Test
    void shouldStartOneCycleAtItsFloorAndPeakAtPctStart() {
        var cycle = BaselineSchedule.OneCycle.of(0.1, 100, 0.3, 25, 1e4, BaselineSchedule.OneCycle.Anneal.COS, STEPS);

        assertThat(cycle.rate(0)).isCloseTo(0.1 / 25, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(cycle.rate(29)).isEqualTo(0.1);
        assertThat(cycle.rate(99)).isCloseTo(0.1 / 25 / 1e4, org.assertj.core.data.Offset.offset(1e-18));
        assertThat(cycle.rate(150)).isEqualTo(cycle.rate(99));
        assertThat(cycle.cyclesBetween(0, 100, 10)).isEmpty();
    }

    @Test
    void shouldRefuseBadValuesNamingEachField() {
        assertThatThrownBy(() -> BaselineSchedule.Step.of(0, 0, 1.5, STEPS, -1, 0))
                .isInstanceOfSatisfying(
                        InvalidScheduleException.class,
                        e -> assertThat(e.violations())
                                .extracting(ConfigViolation::field)
                                .containsExactly("base_lr", "step_size", "gamma", "warmup"))
                .hasMessageContaining("gamma must be in (0, 1] but was 1.5");
        assertThatThrownBy(() -> BaselineSchedule.MultiStep.of(0.1, List.of(30.0, 20.0), 0.1, STEPS, 0, 0))
                .hasMessage("milestones must be positive and increasing but were [30, 20]");
        assertThatThrownBy(() -> BaselineSchedule.MultiStep.of(0.1, List.of(), 0.1, STEPS, 0, 0))
                .hasMessage("milestones must hold at least one position");
        assertThatThrownBy(() -> BaselineSchedule.OneCycle.of(0.1, 100, 1, 25, 1e4, null, STEPS))
                .isInstanceOfSatisfying(
                        InvalidScheduleException.class,
                        e -> assertThat(e.violations())
                                .extracting(ConfigViolation::field)
                                .containsExactly("pct_start", "anneal"));
        assertThatThrownBy(() -> BaselineSchedule.OneCycle.of(
                        0.1, 2.5, 0.4, 25, 1e4, BaselineSchedule.OneCycle.Anneal.COS, STEPS))
                .hasMessage("pct_start · total must be > 1 (the peak comes after the first position) but was 1");
        assertThatThrownBy(() -> BaselineSchedule.Linear.of(0.1, 0, 2, 0, STEPS, 0, 0))
                .isInstanceOfSatisfying(
                        InvalidScheduleException.class,
                        e -> assertThat(e.violations())
                                .extracting(ConfigViolation::field)
                                .containsExactly("start_factor", "end_factor", "total"));
    }
}
