package dev.anneal.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.anneal.schedule.ScheduleConfig;
import dev.anneal.schedule.ScheduleState;
import dev.anneal.schedule.ScheduleUnit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * The loop's seams, each proven with a part that exists only here: a rate source other than the schedule (a ramp,
 * as the range test's), a stop rule (as divergence or a sweep's early stop), and an action at every cycle end (as
 * snapshots). The features of the next issues plug in at these seams.
 */
@SpringBootTest(properties = "db-scheduler.enabled=false")
@ActiveProfiles("test")
class LoopSeamsTests {

    /** Steps per epoch of {@link #plan}: 400 examples, 20 held out, in batches of 40. */
    private static final int STEPS_PER_EPOCH = 10;

    @Autowired
    private Training training;

    @Autowired
    private JdbcTemplate jdbc;

    @TempDir
    private Path downloads;

    private static TrainingPlan plan(UUID runId) {
        return new TrainingPlan(
                runId,
                new TrainingPlan.Data(TrainingPlan.DataSource.SYNTHETIC_SPIRALS, 0.05, 420, TrainingPlan.Augment.NONE),
                new TrainingPlan.Network(TrainingPlan.Architecture.MLP, List.of(16)),
                new TrainingPlan.Optimization(TrainingPlan.OptimizerKind.SGD, 0.9, false, 0, 0.9, 0.999, 1e-8),
                ScheduleConfig.builder()
                        .setBaseLr(0.1)
                        .setTMax(1)
                        .optUnit(ScheduleUnit.EPOCH)
                        .build(),
                new TrainingPlan.Loop(3, 40, 1, 3, TrainingPlan.DeviceChoice.CPU, 1, null, 1, null, null));
    }

    private TrainingOutcome train(TrainingPlan plan, LoopParts parts) {
        return new InProcessRuns(training, jdbc, downloads)
                .train(plan, new Device[] {Device.cpu()}, Long.MAX_VALUE, parts);
    }

    private UUID newRun() {
        return new InProcessRuns(training, jdbc, downloads).create("seams");
    }

    private List<Double> rates(UUID runId) {
        return jdbc.queryForList(
                "select value from metric_point where run_id = ? and key_id = 1 order by step", Double.class, runId);
    }

    /** An exponential ramp from 1e-4 to 1 over the run's steps: a rate source with no schedule behind it. */
    private static final class Ramp implements RateSource {
        private final long steps;
        private long last = -1;

        Ramp(long steps) {
            this.steps = steps;
        }

        double rate(long step) {
            return 1e-4 * Math.pow(1e4, (double) step / (steps - 1));
        }

        @Override
        public RatePoint next(long step) {
            last = step;
            return new RatePoint(rate(step), 0, (double) step / (steps - 1), Optional.empty());
        }

        @Override
        public double rateAt(long step) {
            return rate(step);
        }

        @Override
        public Optional<RatePoint> last() {
            return last < 0 ? Optional.empty() : Optional.of(next(last));
        }

        @Override
        public ScheduleState state() {
            return new ScheduleState(last + 1, 0, 0, 0, null, 0, 0, false, null, null, null);
        }
    }

    @Test
    void shouldTakeEveryStepsRateFromAnotherRateSource() {
        var runId = newRun();
        var ramp = new Ramp(3 * STEPS_PER_EPOCH);

        var summary = train(plan(runId), new LoopParts((saved, stepsPerEpoch) -> ramp, List.of(), List.of()))
                .summary();

        var expected = new ArrayList<Double>();
        for (int step = 0; step < 3 * STEPS_PER_EPOCH; step++) {
            expected.add(ramp.rate(step));
        }
        assertThat(rates(runId)).containsExactlyElementsOf(expected);
        assertThat(summary.finalLr()).isEqualTo(1.0);
        assertThat(jdbc.queryForObject(
                        "select count(*) from schedule_event where run_id = ? and kind <> 'CHECKPOINT'",
                        Long.class,
                        runId))
                .isZero();
    }

    @Test
    void shouldStopWhereAStopRuleSaysKeepingACheckpointThere() {
        var runId = newRun();
        StopRule atStep13 = (step, steps) -> steps == 13 ? Optional.of("test stop") : Optional.empty();

        var outcome = train(
                plan(runId), new LoopParts(LoopParts.rates(plan(runId).schedule()), List.of(atStep13), List.of()));

        assertThat(outcome.completed()).isFalse();
        assertThat(outcome.summary().steps()).isEqualTo(13);
        assertThat(jdbc.queryForObject("select max(step) from checkpoint where run_id = ?", Integer.class, runId))
                .isEqualTo(13);
        assertThat(rates(runId)).hasSize(13);
    }

    @Test
    void shouldActAtEveryCycleEndWithTheRateAtItsFloor() {
        var runId = newRun();
        var ends = new ArrayList<TrainingListener.CycleEnd>();
        var ratesSeen = new ArrayList<Double>();
        TrainingListener snapshots = new TrainingListener() {
            private double lastRate;

            @Override
            public void onStepEnd(StepEnd step) {
                lastRate = step.rate().lr();
            }

            @Override
            public void onCycleEnd(CycleEnd end) {
                ends.add(end);
                ratesSeen.add(lastRate);
            }
        };

        train(plan(runId), new LoopParts(LoopParts.rates(plan(runId).schedule()), List.of(), List.of(snapshots)));

        assertThat(ends)
                .containsExactly(
                        new TrainingListener.CycleEnd(STEPS_PER_EPOCH, 1.0, 0),
                        new TrainingListener.CycleEnd(2 * STEPS_PER_EPOCH, 2.0, 1));
        var restarts = jdbc.queryForList(
                "select step from schedule_event where run_id = ? and kind = 'RESTART' order by step",
                Long.class,
                runId);
        assertThat(restarts).containsExactly((long) STEPS_PER_EPOCH, 2L * STEPS_PER_EPOCH);
        var rates = rates(runId);
        // the step before each cycle end trained at the lowest rate of its cycle
        assertThat(ratesSeen.get(0)).isEqualTo(rates.get(STEPS_PER_EPOCH - 1));
        assertThat(ratesSeen.get(0))
                .isEqualTo(rates.subList(0, STEPS_PER_EPOCH).stream()
                        .min(Double::compare)
                        .orElseThrow());
        assertThat(ratesSeen.get(1))
                .isEqualTo(rates.subList(STEPS_PER_EPOCH, 2 * STEPS_PER_EPOCH).stream()
                        .min(Double::compare)
                        .orElseThrow());
    }
}
