package dev.anneal.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anneal.schedule.SchedulePreview.Warning;
import org.junit.jupiter.api.Test;

class SchedulePreviewTests {

    private static ScheduleConfig.Builder sgdr() {
        return ScheduleConfig.builder().setBaseLr(0.1).setTMax(10).optTMult(2);
    }

    @Test
    void shouldGiveOnePointPerStepAndTheCyclesCrossed() {
        var preview = SchedulePreview.ofRun(sgdr().build(), 70, 1);

        assertThat(preview.points()).hasSize(70);
        assertThat(preview.points().get(30)).isEqualTo(new SchedulePreview.Point(30, 0.1));
        assertThat(preview.cycles())
                .containsExactly(new Cycle(0, 0, 10, 0.1), new Cycle(1, 10, 20, 0.1), new Cycle(2, 30, 40, 0.1));
        assertThat(preview.warnings()).isEmpty();
    }

    @Test
    void shouldPlaceEpochSchedulesAtFractionalPositions() {
        var config = sgdr().setTMax(1).optUnit(ScheduleUnit.EPOCH).build();

        var preview = SchedulePreview.ofRun(config, 12, 4);

        assertThat(preview.points().get(2).t()).isEqualTo(0.5);
        assertThat(preview.points().get(4)).isEqualTo(new SchedulePreview.Point(1, 0.1));
        assertThat(preview.cycles()).extracting(Cycle::index).containsExactly(0L, 1L);
    }

    @Test
    void shouldWarnWhenTheRunEndsMidCycleAtAHighRate() {
        var preview = SchedulePreview.ofRun(sgdr().build(), 40, 1);

        assertThat(preview.warnings()).extracting(Warning::code).containsExactly("ENDS_MID_CYCLE");
        assertThat(preview.warnings().get(0).message())
                .contains("into cycle 2 at lr")
                .contains("end it at step 70, where the cycle ends or at step 30, where cycle 1 ends");
    }

    @Test
    void shouldNotWarnWhenTheRunEndsNearTheFloor() {
        assertThat(SchedulePreview.ofRun(sgdr().build(), 69, 1).warnings()).isEmpty();
    }

    @Test
    void shouldWarnWhenTheFirstCycleOutlastsTheRun() {
        var preview = SchedulePreview.ofRun(sgdr().setTMax(500).build(), 100, 1);

        assertThat(preview.warnings()).extracting(Warning::code).containsExactly("FIRST_CYCLE_LONGER_THAN_RUN");
    }

    @Test
    void shouldWarnWhenWarmupOutlastsTheFirstCycle() {
        var preview = SchedulePreview.ofRun(sgdr().optWarmup(20).build(), 70, 1);

        assertThat(preview.warnings()).extracting(Warning::code).contains("WARMUP_LONGER_THAN_FIRST_CYCLE");
    }

    @Test
    void shouldWarnWhenTheRateIsConstant() {
        var preview = SchedulePreview.at(sgdr().optEtaMin(0.1).build(), new double[] {0, 5});

        assertThat(preview.warnings()).extracting(Warning::code).containsExactly("ETA_MIN_EQUALS_BASE_LR");
    }

    @Test
    void shouldSayPlateauRestartsAreNotPreviewed() {
        var config = sgdr().optPlateauRestart(new PlateauRestartConfig(3, 0, PlateauRestartConfig.Metric.VAL_LOSS))
                .build();

        var preview = SchedulePreview.at(config, new double[] {3.5});

        assertThat(preview.warnings()).extracting(Warning::code).containsExactly("PLATEAU_RESTARTS_NOT_SHOWN");
    }

    @Test
    void shouldListOnlyTheCyclesTheRequestedPositionsSpan() {
        var preview = SchedulePreview.at(sgdr().build(), new double[] {35, 12.5});

        assertThat(preview.cycles()).extracting(Cycle::index).containsExactly(1L, 2L);
        assertThat(preview.points()).extracting(SchedulePreview.Point::t).containsExactly(35.0, 12.5);
    }
}
