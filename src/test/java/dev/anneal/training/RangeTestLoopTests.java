package dev.anneal.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import dev.anneal.finder.RangeCurve;
import dev.anneal.finder.RangeTestAdvisor;
import dev.anneal.metrics.MetricWriter;
import dev.anneal.schedule.RangeRamp;
import dev.anneal.schedule.ScheduleConfig;
import dev.anneal.schedule.SmoothedLoss;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * The range test's parts in a real training loop on synthetic data: every step at the ramp's exact rate, the
 * smoothed loss stored beside the raw one, a stop at divergence or at end_lr that says which, no checkpoint, and a
 * curve the suggestion methods read a rate from.
 */
@SpringBootTest(properties = "db-scheduler.enabled=false")
@ActiveProfiles("test")
class RangeTestLoopTests {

    @Autowired
    private Training training;

    @Autowired
    private MetricWriter writer;

    @Autowired
    private JdbcTemplate jdbc;

    @TempDir
    private Path downloads;

    /** Spirals, an MLP and SGD; 400 training examples in batches of 20: 20 steps an epoch. */
    private static TrainingPlan plan(UUID runId) {
        return new TrainingPlan(
                runId,
                new TrainingPlan.Data(TrainingPlan.DataSource.SYNTHETIC_SPIRALS, 0.05, 420, TrainingPlan.Augment.NONE),
                new TrainingPlan.Network(TrainingPlan.Architecture.MLP, List.of(32)),
                new TrainingPlan.Optimization(TrainingPlan.OptimizerKind.SGD, 0.9, false, 0, 0.9, 0.999, 1e-8),
                // the plan's schedule is not used: the ramp gives every rate
                ScheduleConfig.builder().setBaseLr(0.1).setTMax(1).build(),
                new TrainingPlan.Loop(1, 20, 1, 7, TrainingPlan.DeviceChoice.CPU, 1, null, 1, null, null));
    }

    private record Tested(UUID runId, RangeTestWatch watch, TrainingOutcome outcome) {}

    private Tested rangeTest(RangeRamp ramp) {
        var runs = new InProcessRuns(training, jdbc, downloads);
        var runId = runs.create("range-tests");
        var watch = new RangeTestWatch(runId, ramp, writer.batch(), 0);
        var parts = new LoopParts(
                RampRates.of(ramp), List.of(watch), List.of(watch), LoopParts.Course.probe(ramp.numSteps(), 0));
        var outcome = runs.train(plan(runId), new Device[] {Device.cpu()}, Long.MAX_VALUE, parts);
        return new Tested(runId, watch, outcome);
    }

    private List<Double> series(UUID runId, int keyId) {
        return jdbc.queryForList(
                "select value from metric_point where run_id = ? and key_id = ? order by step",
                Double.class,
                runId,
                keyId);
    }

    @Test
    void shouldRampAcrossEpochsToEndLrStoringTheSmoothedLossAndNoCheckpoint() {
        // gentle rates: the loss cannot run away, so the test ends at end_lr, 50 steps over two and a half epochs
        var ramp = RangeRamp.builder()
                .optStartLr(1e-5)
                .optEndLr(1e-2)
                .optNumSteps(50)
                .build();

        var tested = rangeTest(ramp);

        var stop = tested.watch().stop().orElseThrow();
        assertThat(stop.reason()).isEqualTo(RangeTestWatch.Reason.END_LR);
        assertThat(stop.step()).isEqualTo(49);
        assertThat(stop.lr()).isEqualTo(1e-2);
        var rates = series(tested.runId(), 1);
        assertThat(rates).hasSize(50);
        for (int i = 0; i < 50; i++) {
            assertThat(rates.get(i)).isEqualTo(ramp.rateAt(i)); // exactly the ramp's, stored as double
        }
        var raw = series(tested.runId(), 2);
        var smoothedStored = series(tested.runId(), 9);
        var again = new SmoothedLoss(ramp.smoothing(), ramp.divergeFactor());
        for (int i = 0; i < 50; i++) {
            assertThat(smoothedStored.get(i)).isCloseTo(again.add(raw.get(i)), within(1e-12));
        }
        assertThat(jdbc.queryForObject("select count(*) from checkpoint where run_id = ?", Long.class, tested.runId()))
                .isZero();
        assertThat(tested.outcome().summary().steps()).isEqualTo(50);
    }

    @Test
    void shouldStopWhereTheSmoothedLossDivergesAndSuggestARateBelowIt() {
        var ramp = RangeRamp.builder()
                .optStartLr(1e-4)
                .optEndLr(1e3) // far past anything SGD with momentum survives on this model
                .optNumSteps(80)
                .optSmoothing(0.9)
                .build();

        var tested = rangeTest(ramp);

        var stop = tested.watch().stop().orElseThrow();
        assertThat(stop.reason()).isEqualTo(RangeTestWatch.Reason.DIVERGED);
        assertThat(stop.step()).isLessThan(79);
        assertThat(stop.lr()).isEqualTo(ramp.rateAt(stop.step()));
        assertThat(series(tested.runId(), 1)).hasSize((int) stop.step() + 1);

        var curve = new RangeCurve(tested.watch().rates(), tested.watch().smoothedLosses());
        var advice = new RangeTestAdvisor().advise(curve);
        assertThat(advice.suggestedLr()).isNotNull().isBetween(ramp.startLr(), stop.lr());
        assertThat(advice.suggestions()).isNotEmpty();
    }
}
