package dev.anneal.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.anneal.schedule.ScheduleConfig;
import dev.anneal.schedule.ScheduleUnit;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * Whole runs trained in this process, cancelled at an exact step where a test needs it: resuming from a checkpoint,
 * and finishing with a stochastic weight average.
 */
@SpringBootTest(properties = "db-scheduler.enabled=false")
@AutoConfigureMockMvc
@ActiveProfiles("test")
class TrainingLoopTests {

    @Autowired
    private Training training;

    @Autowired
    private JdbcTemplate jdbc;

    @TempDir
    private Path downloads;

    private UUID newRun() {
        return runs().create("in-process");
    }

    private InProcessRuns runs() {
        return new InProcessRuns(training, jdbc, downloads);
    }

    private static TrainingPlan spirals(UUID runId, Integer swaFromEpoch) {
        return spirals(runId, swaFromEpoch, List.of(32, 32));
    }

    private static TrainingPlan spirals(UUID runId, Integer swaFromEpoch, List<Integer> hidden) {
        return new TrainingPlan(
                runId,
                new TrainingPlan.Data(TrainingPlan.DataSource.SYNTHETIC_SPIRALS, 0.2, 1500, TrainingPlan.Augment.NONE),
                new TrainingPlan.Network(TrainingPlan.Architecture.MLP, hidden),
                new TrainingPlan.Optimization(TrainingPlan.OptimizerKind.SGD, 0.9, true, 5e-4, 0.9, 0.999, 1e-8),
                ScheduleConfig.builder()
                        .setBaseLr(0.1)
                        .setTMax(1)
                        .optUnit(ScheduleUnit.EPOCH)
                        .build(),
                new TrainingPlan.Loop(4, 32, 1, 7, TrainingPlan.DeviceChoice.CPU, 1, null, 1, null, swaFromEpoch));
    }

    /** The spirals plan of 1-epoch cycles keeping the last {@code keep} snapshots. */
    private static TrainingPlan withSnapshots(UUID runId, int keep) {
        var plan = spirals(runId, null);
        var l = plan.loop();
        return new TrainingPlan(
                runId,
                plan.data(),
                plan.network(),
                plan.optimization(),
                plan.schedule(),
                new TrainingPlan.Loop(
                        l.epochs(),
                        l.batchSize(),
                        l.gradAccumSteps(),
                        l.seed(),
                        l.device(),
                        l.gpus(),
                        l.evalEverySteps(),
                        l.checkpointEveryEpochs(),
                        l.gradClipNorm(),
                        null,
                        keep,
                        false));
    }

    /** Trains {@code plan} on the CPU from its latest checkpoint, if any, cancelling after {@code cancelAt} steps. */
    private TrainingOutcome train(TrainingPlan plan, long cancelAt) {
        return runs().train(plan, new Device[] {Device.cpu()}, cancelAt);
    }

    @Test
    void shouldResumeACancelledRunOntoExactlyTheTrajectoryOfAnUninterruptedOne() {
        var uninterrupted = train(spirals(newRun(), null), Long.MAX_VALUE).summary();
        var plan = spirals(newRun(), null);

        var cancelled = train(plan, 2 * 38 + 10);
        var resumed = train(plan, Long.MAX_VALUE).summary();

        assertThat(cancelled.completed()).isFalse();
        assertThat(cancelled.summary().steps()).isEqualTo(2 * 38 + 10);
        // the weights, the optimizer's buffers and the data order carry on where they were: the same model in the
        // end, bit for bit (no dropout in this network, nothing drawn at random after the start)
        assertThat(resumed.bestValLoss()).isEqualTo(uninterrupted.bestValLoss());
        assertThat(resumed.bestValLossStep())
                .isEqualTo(uninterrupted.bestValLossStep())
                .isEqualTo(4 * 38);
        assertThat(resumed.testAcc()).isEqualTo(uninterrupted.testAcc());
    }

    @Test
    void shouldResumeAnUploadedModuleOntoExactlyTheTrajectoryOfAnUninterruptedOneBatchNormStatisticsIncluded() {
        var uninterrupted = train(module(newRun()), Long.MAX_VALUE).summary();
        var plan = module(newRun());

        var cancelled = train(plan, 2 * 38 + 10);
        var resumed = train(plan, Long.MAX_VALUE);

        assertThat(cancelled.completed()).isFalse();
        // the module comes back from its checkpoint whole: its weights and its running statistics, which live in the
        // module alone; started again from the uploaded file, its statistics would start over and evaluate otherwise
        assertThat(resumed.summary().bestValLoss()).isEqualTo(uninterrupted.bestValLoss());
        assertThat(resumed.summary().testAcc()).isEqualTo(uninterrupted.testAcc());
        assertThat(resumed.trainedModel()).as("its final weights, handed back").isRegularFile();
    }

    /** The spirals plan, training the uploaded module of the fixtures (an MLP with batch norm, input [2]). */
    private static TrainingPlan module(UUID runId) {
        var plan = spirals(runId, null);
        return new TrainingPlan(
                runId,
                plan.data(),
                new TrainingPlan.Network(null, List.of(), Path.of("src/test/resources/models/spirals_bn.pt")),
                plan.optimization(),
                plan.schedule(),
                plan.loop());
    }

    @Test
    void shouldRefuseACheckpointOfAnotherNetworkNamingTheParameter() {
        var runId = newRun();
        train(spirals(runId, null, List.of(32, 32)), 10);

        assertThatThrownBy(() -> train(spirals(runId, null, List.of(48, 32)), Long.MAX_VALUE))
                .isInstanceOf(TrainingException.class)
                .hasMessageContaining("cannot be read")
                .hasMessageContaining("(48, 2)");
    }

    @Test
    void shouldFinishWithTheAverageOfTheWeightsAtTheEndOfEveryEpochFromTheFirstAveraged() {
        var averaged = train(spirals(newRun(), 2), Long.MAX_VALUE).summary();
        var last = train(spirals(newRun(), null), Long.MAX_VALUE).summary();

        assertThat(last.averaged()).isNull();
        assertThat(averaged.averaged().fromEpoch()).isEqualTo(2);
        assertThat(averaged.averaged().epochs()).isEqualTo(3); // the ends of epochs 2, 3 and 4
        assertThat(averaged.steps()).isEqualTo(last.steps()).isEqualTo(4 * 38);
        // the same trajectory, so the same best figures; the model it finishes with is another one
        assertThat(averaged.bestValLoss()).isEqualTo(last.bestValLoss());
        assertThat(averaged.averaged().valLoss()).isNotEqualTo(last.bestValLoss());
        assertThat(averaged.testAcc()).isGreaterThan(0.9); // three arms: chance is 1/3
        assertThat(averaged.averaged().valAcc()).isGreaterThan(0.9);
    }

    @Test
    void shouldCarryTheAverageThroughACheckpointSoAResumedRunFinishesWithTheSameModel() {
        var uninterrupted = train(spirals(newRun(), 2), Long.MAX_VALUE).summary();
        var plan = spirals(newRun(), 2);

        var cancelled = train(plan, 2 * 38 + 10); // the average holds epoch 2's end
        var resumed = train(plan, Long.MAX_VALUE);

        assertThat(cancelled.completed()).isFalse();
        assertThat(resumed.completed()).isTrue();
        assertThat(resumed.summary().averaged()).isEqualTo(uninterrupted.averaged());
        assertThat(resumed.summary().testAcc()).isEqualTo(uninterrupted.testAcc());
    }

    @Test
    void shouldEvaluateTheLastSnapshotsAloneAndAsAnEnsembleAndFinishWithTheLastWeights() {
        var summary = train(withSnapshots(newRun(), 3), Long.MAX_VALUE).summary();
        var plain = train(spirals(newRun(), null), Long.MAX_VALUE).summary();

        var kept = summary.snapshots();
        // cycles end at epochs 1, 2 and 3, the run at 4: the last three are kept
        assertThat(kept.members())
                .extracting(TrainingSummary.Snapshot::step)
                .containsExactly(2L * 38, 3L * 38, 4L * 38);
        assertThat(kept.members()).extracting(TrainingSummary.Snapshot::cycle).containsExactly(1L, 2L, 3L);
        assertThat(kept.members()).extracting(TrainingSummary.Snapshot::epoch).containsExactly(2.0, 3.0, 4.0);
        // the last snapshot is the last weights, which the run still finishes with: the same as a run without
        var last = kept.members().get(2);
        assertThat(last.testAcc()).isEqualTo(plain.testAcc()).isEqualTo(summary.testAcc());
        assertThat(last.valLoss()).isEqualTo(plain.bestValLoss());
        assertThat(kept.ensemble().members()).isEqualTo(3);
        assertThat(kept.ensemble().testAcc()).isGreaterThan(0.9);
        assertThat(kept.ensemble().valLoss()).isPositive().isNotEqualTo(last.valLoss());
        assertThat(kept.ensemble().seconds()).isPositive();
        assertThat(plain.snapshots()).isNull();
    }

    @Test
    void shouldCarryTheSnapshotsThroughACheckpointSoAResumedRunHasTheSameEnsemble() {
        var uninterrupted = train(withSnapshots(newRun(), 4), Long.MAX_VALUE).summary();
        var plan = withSnapshots(newRun(), 4);

        var cancelled = train(plan, 2 * 38 + 10); // the snapshots of cycles 0 and 1 are taken, and checkpointed
        var resumed = train(plan, Long.MAX_VALUE);

        assertThat(cancelled.completed()).isFalse();
        assertThat(resumed.completed()).isTrue();
        assertThat(resumed.summary().snapshots().members())
                .isEqualTo(uninterrupted.snapshots().members())
                .hasSize(4);
        var ensemble = resumed.summary().snapshots().ensemble();
        assertThat(ensemble.valLoss())
                .isEqualTo(uninterrupted.snapshots().ensemble().valLoss());
        assertThat(ensemble.testAcc())
                .isEqualTo(uninterrupted.snapshots().ensemble().testAcc());
    }

    @Test
    void shouldMeasureBatchNormStatisticsForTheAveragedCnn() {
        var plan = new TrainingPlan(
                newRun(),
                new TrainingPlan.Data(TrainingPlan.DataSource.FASHION_MNIST, 0.1, 500, TrainingPlan.Augment.NONE),
                new TrainingPlan.Network(TrainingPlan.Architecture.CNN, List.of()),
                new TrainingPlan.Optimization(TrainingPlan.OptimizerKind.SGD, 0.9, true, 5e-4, 0.9, 0.999, 1e-8),
                ScheduleConfig.builder()
                        .setBaseLr(0.05)
                        .setTMax(1)
                        .optUnit(ScheduleUnit.EPOCH)
                        .build(),
                new TrainingPlan.Loop(3, 25, 1, 7, TrainingPlan.DeviceChoice.CPU, 1, null, 1, null, 2));

        var summary = train(plan, Long.MAX_VALUE).summary();

        assertThat(summary.averaged().epochs()).isEqualTo(2);
        // ten classes: chance is 0.1; the statistics themselves are checked in BatchNormStatisticsTests
        assertThat(summary.testAcc()).isGreaterThan(0.4);
        assertThat(summary.averaged().valAcc()).isGreaterThan(0.4);
    }
}
