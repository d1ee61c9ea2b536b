package dev.anneal.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anneal.schedule.BaselineSchedule;
import dev.anneal.schedule.ScheduleTransition;
import dev.anneal.schedule.ScheduleUnit;
import org.junit.jupiter.api.Test;

/** A baseline as the loop's rate source: its closed form per step, its warmup's end, and a resume that changes nothing. */
class BaselineRatesTests {

    private static final BaselineSchedule STEP_DECAY =
            BaselineSchedule.Step.of(0.1, 2, 0.5, ScheduleUnit.EPOCH, 1, 0.01);

    @Test
    void shouldGiveEachStepTheScheduleRateAtItsFractionalEpochAndMarkTheEndOfWarmup() {
        var rates = BaselineRates.of(STEP_DECAY).create(null, 10);

        assertThat(rates.last()).isEmpty();
        for (int step = 0; step < 10; step++) {
            assertThat(rates.next(step).transition()).isEmpty();
        }
        var warmupOver = rates.next(10);
        assertThat(warmupOver.lr()).isEqualTo(0.1);
        assertThat(warmupOver.place()).isEmpty();
        assertThat(warmupOver.transition()).map(ScheduleTransition::kind).contains(ScheduleTransition.Kind.WARMUP_END);
        assertThat(rates.rateAt(5)).isEqualTo(STEP_DECAY.rate(0.5));
        assertThat(rates.rateAt(30)).isEqualTo(0.05);
    }

    @Test
    void shouldResumeFromItsCheckpointStateWithTheRatesOfAnUninterruptedRun() {
        var uninterrupted = BaselineRates.of(STEP_DECAY).create(null, 7);
        var first = BaselineRates.of(STEP_DECAY).create(null, 7);
        for (int step = 0; step < 23; step++) {
            uninterrupted.next(step);
            first.next(step);
        }

        var resumed = BaselineRates.of(STEP_DECAY).create(first.state(), 7);

        assertThat(resumed.last()).isEqualTo(uninterrupted.last());
        for (int step = 23; step < 60; step++) {
            assertThat(resumed.next(step)).isEqualTo(uninterrupted.next(step));
        }
        assertThat(resumed.state()).isEqualTo(uninterrupted.state());
    }
}
