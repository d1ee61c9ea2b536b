package dev.anneal.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import ai.djl.Device;
import dev.anneal.schedule.ScheduleConfig;
import dev.anneal.schedule.ScheduleUnit;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * A whole run trained data-parallel, metrics, evaluations and checkpoints included, on two copies of the model on
 * the CPU: the code path of a two-GPU run, checked where no GPU is.
 */
@SpringBootTest(properties = "db-scheduler.enabled=false")
@AutoConfigureMockMvc
@ActiveProfiles("test")
class DataParallelTrainingTests {

    @Autowired
    private Training training;

    @Autowired
    private JdbcTemplate jdbc;

    @TempDir
    private Path downloads;

    private TrainingSummary train(Device... devices) {
        var runs = new InProcessRuns(training, jdbc, downloads);
        var runId = runs.create("data-parallel");
        var plan = new TrainingPlan(
                runId,
                new TrainingPlan.Data(TrainingPlan.DataSource.SYNTHETIC_SPIRALS, 0.2, 1500, TrainingPlan.Augment.NONE),
                new TrainingPlan.Network(TrainingPlan.Architecture.MLP, List.of(32, 32)),
                new TrainingPlan.Optimization(TrainingPlan.OptimizerKind.SGD, 0.9, true, 5e-4, 0.9, 0.999, 1e-8),
                ScheduleConfig.builder()
                        .setBaseLr(0.1)
                        .setTMax(1)
                        .optUnit(ScheduleUnit.EPOCH)
                        .build(),
                new TrainingPlan.Loop(3, 32, 1, 7, TrainingPlan.DeviceChoice.CPU, 1, null, 1, 5.0, null));
        var outcome = runs.train(plan, devices, Long.MAX_VALUE);
        assertThat(outcome.completed()).isTrue();
        return outcome.summary();
    }

    @Test
    void shouldTrainOnTwoCopiesAsOnOne() {
        var one = train(Device.cpu());
        var two = train(Device.cpu(), Device.cpu());

        assertThat(two.steps()).isEqualTo(one.steps()).isEqualTo(3 * 38); // 1200 training examples, batches of 32
        // the same sums in another order, over 114 steps: equal to float rounding (1e-7 here), and far from untrained
        assertThat(two.bestValLoss()).isCloseTo(one.bestValLoss(), withinPercentage(0.01));
        assertThat(two.testAcc()).isCloseTo(one.testAcc(), withinPercentage(1));
        assertThat(one.testAcc()).isGreaterThan(0.9); // three arms: chance is 1/3
        assertThat(two.parameterCount()).isEqualTo(one.parameterCount());
    }
}
