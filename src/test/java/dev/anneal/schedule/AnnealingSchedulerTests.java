package dev.anneal.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class AnnealingSchedulerTests {

    private static final ScheduleConfig PLATEAU_CONFIG = ScheduleConfig.builder()
            .setBaseLr(0.1)
            .setTMax(30)
            .optTMult(1.7)
            .optEtaMin(1e-4)
            .optWarmup(5)
            .optCycleDecay(0.8)
            .optPlateauRestart(new PlateauRestartConfig(2, 0.01, PlateauRestartConfig.Metric.VAL_LOSS))
            .build();

    /** A validation loss that falls, then stalls twice: enough to trigger plateau restarts. */
    private static double validationLoss(int evaluation) {
        return evaluation < 4 ? 1.0 / (evaluation + 1) : 0.2 + 0.001 * (evaluation % 3);
    }

    /** Runs {@code steps} steps from {@code scheduler}, evaluating every 5 steps; returns each step's rate. */
    private static List<Double> train(AnnealingScheduler scheduler, int fromStep, int toStep) {
        var rates = new ArrayList<Double>();
        for (int step = fromStep; step < toStep; step++) {
            rates.add(scheduler.rateAt(step));
            if (step % 5 == 4) {
                scheduler.observe(validationLoss(step / 5));
            }
        }
        return rates;
    }

    /** Steps from {@code fromStep} to {@code toStep} as {@link #train} does; returns each transition as text. */
    private static List<String> transitions(AnnealingScheduler scheduler, int fromStep, int toStep) {
        var told = new ArrayList<String>();
        for (int step = fromStep; step < toStep; step++) {
            int at = step;
            scheduler
                    .step(step)
                    .transition()
                    .ifPresent(t -> told.add(
                            at + " " + t.kind() + " " + t.cycle() + (t.reason() == null ? "" : " " + t.reason())));
            if (step % 5 == 4) {
                scheduler.observe(validationLoss(step / 5));
            }
        }
        return told;
    }

    @Test
    void shouldReportWarmupEndScheduledRestartsAndPlateauRestartsAtTheStepTheyTakeEffect() {
        var told = transitions(AnnealingScheduler.start(PLATEAU_CONFIG), 0, 120);

        assertThat(told)
                .containsExactly(
                        "5 WARMUP_END 0",
                        "35 PLATEAU_RESTART 2 val_loss did not improve by more than 0.01 for 2 evaluations (best 0.201)",
                        "50 PLATEAU_RESTART 3 val_loss did not improve by more than 0.01 for 2 evaluations (best 0.201)",
                        "65 PLATEAU_RESTART 4 val_loss did not improve by more than 0.01 for 2 evaluations (best 0.201)",
                        "80 PLATEAU_RESTART 5 val_loss did not improve by more than 0.01 for 2 evaluations (best 0.201)",
                        "95 PLATEAU_RESTART 6 val_loss did not improve by more than 0.01 for 2 evaluations (best 0.201)",
                        "110 PLATEAU_RESTART 7 val_loss did not improve by more than 0.01 for 2 evaluations (best 0.201)");
        var scheduled =
                ScheduleConfig.builder().setBaseLr(0.1).setTMax(4).optTMult(2).build();
        assertThat(transitions(AnnealingScheduler.start(scheduled), 0, 30))
                .containsExactly("4 RESTART 1 scheduled", "12 RESTART 2 scheduled", "28 RESTART 3 scheduled");
    }

    @Test
    void shouldReportTheSameTransitionsAfterARestoreAsWithout() {
        var uninterrupted = transitions(AnnealingScheduler.start(PLATEAU_CONFIG), 0, 200);
        for (int cut : new int[] {3, 5, 29, 30, 31, 44, 77}) {
            var first = AnnealingScheduler.start(PLATEAU_CONFIG);
            var before = transitions(first, 0, cut);
            var after = transitions(AnnealingScheduler.restore(PLATEAU_CONFIG, first.state()), cut, 200);
            before.addAll(after);

            assertThat(before).as("cut at step %d", cut).isEqualTo(uninterrupted);
        }
    }

    @Test
    void shouldGiveTheClosedFormRatesWithoutPlateaus() {
        var config = ScheduleConfig.builder()
                .setBaseLr(0.1)
                .setTMax(10)
                .optTMult(1.5)
                .build();
        var scheduler = AnnealingScheduler.start(config);
        var closedForm = CosineWarmRestarts.of(config);

        for (int step = 0; step < 500; step++) {
            assertThat(scheduler.rateAt(step)).isEqualTo(closedForm.rate(step));
        }
    }

    @Test
    void shouldRestartAtTheNextStepAfterAPlateauAndSayWhy() {
        var config = ScheduleConfig.builder()
                .setBaseLr(0.1)
                .setTMax(100)
                .optTMult(2)
                .optPlateauRestart(new PlateauRestartConfig(2, 0.0, PlateauRestartConfig.Metric.VAL_LOSS))
                .build();
        var scheduler = AnnealingScheduler.start(config);
        scheduler.rateAt(10);
        assertThat(scheduler.observe(0.5)).isEmpty();
        scheduler.rateAt(20);
        assertThat(scheduler.observe(0.6)).isEmpty();
        scheduler.rateAt(30);

        var restart = scheduler.observe(0.5);

        assertThat(restart).hasValueSatisfying(r -> {
            assertThat(r.detectedAt()).isEqualTo(30);
            assertThat(r.reason()).isEqualTo("val_loss did not improve by more than 0 for 2 evaluations (best 0.5)");
        });
        assertThat(scheduler.rateAt(30)).isLessThan(0.1); // the evaluated step itself keeps its rate
        var next = scheduler.positionAt(31);
        assertThat(next.lr()).isEqualTo(0.1);
        assertThat(next.cycle()).isEqualTo(new Cycle(1, 31, 200, 0.1));
        assertThat(scheduler.state().plateauRestarts()).isEqualTo(1);
    }

    @Test
    void shouldContinueExactlyAsAnUninterruptedRunAfterRestoringItsState() {
        var uninterrupted = train(AnnealingScheduler.start(PLATEAU_CONFIG), 0, 400);

        for (int interruption : new int[] {1, 7, 24, 25, 57, 133, 250}) {
            var first = AnnealingScheduler.start(PLATEAU_CONFIG);
            var before = train(first, 0, interruption);
            var restored = AnnealingScheduler.restore(PLATEAU_CONFIG, first.state());
            var after = train(restored, interruption, 400);

            var resumed = new ArrayList<>(before);
            resumed.addAll(after);
            assertThat(resumed).as("interrupted at step %d", interruption).isEqualTo(uninterrupted);
        }
        assertThat(plateauRestartsIn(PLATEAU_CONFIG)).isGreaterThanOrEqualTo(2);
    }

    @Test
    void shouldSurviveAJsonRoundTripOfItsState() {
        var json = JsonMapper.builder().build();
        var scheduler = AnnealingScheduler.start(PLATEAU_CONFIG);
        train(scheduler, 0, 123);

        var state = scheduler.state();
        var copy = json.readValue(json.writeValueAsString(state), ScheduleState.class);

        assertThat(copy).isEqualTo(state);
        assertThat(train(AnnealingScheduler.restore(PLATEAU_CONFIG, copy), 123, 300))
                .isEqualTo(train(scheduler, 123, 300));
    }

    @Test
    void shouldKeepAPendingRestartAcrossACheckpoint() {
        var config = ScheduleConfig.builder()
                .setBaseLr(0.1)
                .setTMax(100)
                .optPlateauRestart(new PlateauRestartConfig(1, 0.0, PlateauRestartConfig.Metric.VAL_LOSS))
                .build();
        var scheduler = AnnealingScheduler.start(config);
        scheduler.rateAt(10);
        scheduler.observe(1.0);
        scheduler.rateAt(11);
        assertThat(scheduler.observe(1.0)).isPresent();

        var restored = AnnealingScheduler.restore(config, scheduler.state());

        assertThat(restored.state().restartPending()).isTrue();
        assertThat(restored.rateAt(12)).isEqualTo(0.1);
    }

    @Test
    void shouldIgnoreEvaluationsDuringWarmup() {
        var config = ScheduleConfig.builder()
                .setBaseLr(0.1)
                .setTMax(100)
                .optWarmup(50)
                .optPlateauRestart(new PlateauRestartConfig(1, 0.0, PlateauRestartConfig.Metric.VAL_LOSS))
                .build();
        var scheduler = AnnealingScheduler.start(config);

        for (int step = 0; step < 50; step++) {
            scheduler.rateAt(step);
            assertThat(scheduler.observe(1.0)).isEmpty();
        }
        assertThat(scheduler.state().evalsSinceBest()).isZero();
    }

    @Test
    void shouldRefuseToGoBack() {
        var scheduler = AnnealingScheduler.start(PLATEAU_CONFIG);
        scheduler.rateAt(10);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> scheduler.rateAt(9))
                .withMessage("position must not go back, but 9 came after 10");
    }

    private static int plateauRestartsIn(ScheduleConfig config) {
        var scheduler = AnnealingScheduler.start(config);
        train(scheduler, 0, 400);
        return scheduler.state().plateauRestarts();
    }
}
