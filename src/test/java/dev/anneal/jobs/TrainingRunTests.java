package dev.anneal.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.anneal.AsyncCalls;
import dev.anneal.schedule.CosineWarmRestarts;
import dev.anneal.schedule.ScheduleConfig;
import dev.anneal.schedule.ScheduleUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real DJL training run launched over REST, dispatched by db-scheduler, logged into PostgreSQL. */
@SpringBootTest(properties = "db-scheduler.threads=2")
@AutoConfigureMockMvc
@ActiveProfiles("test")
class TrainingRunTests {

    @Autowired
    private MockMvc mvc;

    @Autowired
    private JsonMapper json;

    @Autowired
    private JdbcTemplate jdbc;

    private JsonNode call(org.springframework.test.web.servlet.RequestBuilder request) throws Exception {
        return json.readTree(AsyncCalls.answered(mvc, request).getResponse().getContentAsString());
    }

    @Test
    void shouldTrainASyntheticRunToSuccessLoggingEveryStepAtTheSchedulesRate() throws Exception {
        var launched = mvc.perform(post("/api/runs")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name": "spirals", "dataset": {"name": "synthetic-spirals", "limit": 2000, "val_fraction": 0.2},
                                 "model": {"name": "mlp", "hidden": [64, 64]},
                                 "optimizer": {"name": "sgd", "momentum": 0.9, "nesterov": true, "weight_decay": 0.0001},
                                 "schedule": {"base_lr": 0.1, "eta_min": 0.001, "t_max": 1, "t_mult": 2, "unit": "epoch"},
                                 "training": {"epochs": 3, "batch_size": 64, "seed": 7, "device": "cpu"}}"""))
                .andExpect(status().isCreated())
                .andReturn();
        String id = json.readTree(launched.getResponse().getContentAsString())
                .get("id")
                .asString();

        var run = call(get("/api/runs/" + id).param("wait", "240"));

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        long totalSteps = 3 * 25; // 1600 training examples in batches of 64, three epochs
        assertThat(run.get("progress").get("total_steps").asLong()).isEqualTo(totalSteps);
        assertThat(run.get("progress").get("step").asLong()).isEqualTo(totalSteps);
        assertThat(run.get("summary").get("test_acc").asDouble())
                .isGreaterThan(0.8); // three spiral arms: chance is 1/3
        assertThat(run.get("dataset_fingerprint").get("generator").asString()).isEqualTo("synthetic-spirals");

        var series = call(get("/api/runs/" + id + "/metrics")
                        .param("keys", "lr,train_loss,val_loss,val_acc,test_acc")
                        .param("max_points", "100000"))
                .get("series");
        var lr = series.get(0).get("points");
        var trainLoss = series.get(1).get("points");
        assertThat(lr).hasSize((int) totalSteps);
        assertThat(trainLoss).hasSize((int) totalSteps);
        assertThat(series.get(2).get("points")).hasSize(3);
        assertThat(series.get(3).get("points")).hasSize(3);
        assertThat(series.get(4).get("points")).hasSize(1);

        var schedule = CosineWarmRestarts.of(ScheduleConfig.builder()
                .setBaseLr(0.1)
                .optEtaMin(0.001)
                .setTMax(1)
                .optTMult(2)
                .optUnit(ScheduleUnit.EPOCH)
                .build());
        for (int step = 0; step < totalSteps; step++) {
            assertThat(lr.get(step).get("step").asInt()).isEqualTo(step);
            assertThat(lr.get(step).get("value").asDouble()).isEqualTo(schedule.rate(step / 25.0));
        }
        assertThat(mean(trainLoss, 50, 75)).isLessThan(mean(trainLoss, 0, 25));

        var events = new ArrayList<String>();
        call(get("/api/runs/" + id + "/events"))
                .get("events")
                .forEach(event -> events.add(
                        event.get("kind").asString() + "@" + event.get("step").asInt()
                                + (event.get("cycle").isNull()
                                        ? ""
                                        : " cycle " + event.get("cycle").asInt())));
        assertThat(events)
                .containsExactly("LAUNCHED@0", "CHECKPOINT@25", "RESTART@25 cycle 1", "CHECKPOINT@50", "CHECKPOINT@75");
    }

    @Test
    void shouldTrainTwoRunsAtOnceOnTwoWorkerSlots() throws Exception {
        String body = """
                {"dataset": {"name": "synthetic-spirals", "limit": 3000},
                 "model": {"name": "mlp", "hidden": [64, 64]},
                 "schedule": {"base_lr": 0.05, "t_max": 1, "unit": "epoch"},
                 "training": {"epochs": 8, "batch_size": 16, "device": "cpu"}}""";
        String a = launch(body);
        String b = launch(body);

        var first = call(get("/api/runs/" + a).param("wait", "240"));
        var second = call(get("/api/runs/" + b).param("wait", "240"));

        assertThat(first.get("status").asString()).as(first.toString()).isEqualTo("SUCCEEDED");
        assertThat(second.get("status").asString()).as(second.toString()).isEqualTo("SUCCEEDED");
        // each started before the other finished: they trained side by side, not one after the other
        assertThat(first.get("started_at").asString())
                .isLessThan(second.get("finished_at").asString());
        assertThat(second.get("started_at").asString())
                .isLessThan(first.get("finished_at").asString());
        // and identically: the same config and seed on separate threads give the same result
        assertThat(first.get("summary").get("best_val_loss").asDouble())
                .isEqualTo(second.get("summary").get("best_val_loss").asDouble());
    }

    @Test
    void shouldRecordWarmupEndAndPlateauRestartsWithTheirReason() throws Exception {
        String id = launch("""
                {"dataset": {"name": "synthetic-regression", "limit": 1200},
                 "model": {"name": "mlp", "hidden": [32]},
                 "optimizer": {"name": "adamw"},
                 "schedule": {"base_lr": 0.01, "t_max": 400, "warmup": 10,
                              "restart_on_plateau": {"patience": 1, "min_delta": 10}},
                 "training": {"epochs": 2, "batch_size": 32, "eval_every_steps": 8, "device": "cpu"}}""");

        var run = call(get("/api/runs/" + id).param("wait", "240"));

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("summary").get("plateau_restarts").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(run.get("summary").get("test_acc").isNull()).isTrue(); // regression has no accuracy
        var events = call(get("/api/runs/" + id + "/events")).get("events");
        assertThat(events.get(0).get("kind").asString()).isEqualTo("LAUNCHED");
        assertThat(events.get(0).get("reason").asString()).isEqualTo("by tester");
        assertThat(events.get(1).get("kind").asString()).isEqualTo("WARMUP_END");
        assertThat(events.get(1).get("step").asInt()).isEqualTo(10);
        var plateau = events.get(2);
        assertThat(plateau.get("kind").asString()).isEqualTo("PLATEAU_RESTART");
        assertThat(plateau.get("reason").asString())
                .startsWith("val_loss did not improve by more than 10 for 1 evaluations");
        assertThat(plateau.get("cycle").asInt()).isEqualTo(1);
    }

    @Test
    void shouldTrainTheCnnOnAFashionMnistSubset() throws Exception {
        String id = launch("""
                {"dataset": {"name": "fashion-mnist", "limit": 1000, "augment": {"horizontal_flip": true, "max_shift": 1}},
                 "model": {"name": "cnn"},
                 "schedule": {"base_lr": 0.05, "t_max": 1, "unit": "epoch"},
                 "training": {"epochs": 2, "batch_size": 25, "device": "cpu"}}""");

        var run = call(get("/api/runs/" + id).param("wait", "240"));

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("progress").get("step").asInt()).isEqualTo(72); // 900 training images, 36 batches, 2 epochs
        // ten classes: chance is 0.1; 72 steps on 900 augmented images reach about 0.68 here
        assertThat(run.get("summary").get("test_acc").asDouble()).isGreaterThan(0.4);
        assertThat(run.get("dataset_fingerprint")
                        .get("train-images-idx3-ubyte.gz")
                        .asString())
                .isEqualTo("c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888");
    }

    @Test
    void shouldFailARunWithANamedCause() throws Exception {
        String id = launch("""
                {"dataset": {"name": "synthetic-spirals", "limit": 1, "val_fraction": 0.5},
                 "model": {"name": "mlp"},
                 "schedule": {"base_lr": 0.1, "t_max": 10},
                 "training": {"device": "cpu"}}""");

        var run = call(get("/api/runs/" + id).param("wait", "60"));

        assertThat(run.get("status").asString()).isEqualTo("FAILED");
        assertThat(run.get("error").asString())
                .isEqualTo("dataset.limit 1 leaves no training examples after holding out 1 for validation");
    }

    @Test
    void shouldFinishARunResumedTheMomentItWasCancelled() throws Exception {
        String id = launch("""
                {"dataset": {"name": "synthetic-spirals", "limit": 2000},
                 "model": {"name": "mlp", "hidden": [32]},
                 "schedule": {"base_lr": 0.05, "t_max": 1, "unit": "epoch"},
                 "training": {"epochs": 200, "batch_size": 16, "device": "cpu"}}""");
        // 22 600 steps, some seconds: the cancel comes long before the end (at 2 260 steps, the run now trains and
        // flushes its metrics fast enough to finish before its progress first shows)
        awaitStep(id, 20);

        // back to back, as a user who clicks cancel and then resume would
        assertThat(call(post("/api/runs/" + id + "/cancel")).get("status").asString())
                .isEqualTo("CANCELLED");
        assertThat(call(post("/api/runs/" + id + "/resume")).get("status").asString())
                .isEqualTo("QUEUED");
        var run = call(get("/api/runs/" + id).param("wait", "120"));

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("progress").get("step").asLong())
                .isEqualTo(run.get("progress").get("total_steps").asLong());
    }

    @Test
    void shouldResumeAndFinishARunWhoseStoredConfigTodaysRulesRefuse() throws Exception {
        String body = """
                {"dataset": {"name": "synthetic-spirals", "limit": 2000},
                 "model": {"name": "mlp", "hidden": [16]},
                 "schedule": {"base_lr": 0.05, "t_max": 1, "unit": "epoch"},
                 "training": {"epochs": 200, "batch_size": 16, "device": "cpu"}}""";
        String id = launch(body);
        awaitStep(id, 20); // 22 600 steps: the cancel comes long before the end
        assertThat(call(post("/api/runs/" + id + "/cancel")).toString()).contains("\"status\":\"CANCELLED\"");
        awaitNoJob(id);
        // launched under rules since made stricter: an eta_min above base_lr, a clip norm above today's bound
        jdbc.update(
                "update run set config = jsonb_set(jsonb_set(config, '{schedule,eta_min}', '0.06'),"
                        + " '{training,grad_clip_norm}', '2000000') where id = ?::uuid",
                id);
        var refused = mvc.perform(post("/api/runs")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(call(get("/api/runs/" + id)).get("config").toString()))
                .andExpect(status().isBadRequest())
                .andReturn();
        assertThat(refused.getResponse().getContentAsString())
                .contains("schedule.eta_min")
                .contains("training.grad_clip_norm");

        assertThat(call(post("/api/runs/" + id + "/resume")).toString()).contains("\"status\":\"QUEUED\"");
        var run = call(get("/api/runs/" + id).param("wait", "120"));

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("config").get("schedule").get("eta_min").asDouble()).isEqualTo(0.06);
        // the run trained its remaining steps at the stored schedule: its floor is the stored eta_min
        assertThat(run.get("summary").get("final_lr").asDouble()).isGreaterThan(0.05);
    }

    @Test
    void shouldDispatchAQueuedRunWhoseJobWentMissing() throws Exception {
        String id = launch("""
                {"dataset": {"name": "synthetic-spirals", "limit": 500},
                 "model": {"name": "mlp", "hidden": [16]},
                 "schedule": {"base_lr": 0.05, "t_max": 1, "unit": "epoch"},
                 "training": {"epochs": 1, "device": "cpu"}}""");
        call(post("/api/runs/" + id + "/cancel"));
        awaitNoJob(id);
        // the cancelled attempt's job, still winding down on some process when the run is resumed ...
        jdbc.update(
                "insert into scheduled_tasks (task_name, task_instance, execution_time, picked, picked_by,"
                        + " last_heartbeat, version) values ('train-run', ?, now(), true, 'another-process', now(), 1)",
                id);
        assertThat(call(post("/api/runs/" + id + "/resume")).get("status").asString())
                .isEqualTo("QUEUED");
        // ... so the resume's job is not added; then that old job completes and leaves the run with none
        jdbc.update("delete from scheduled_tasks where task_instance = ?", id);

        var run = call(get("/api/runs/" + id).param("wait", "60"));

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void shouldCancelARunningRunKeepingItsCheckpointAndResumeItToTheEnd() throws Exception {
        String id = launch("""
                {"dataset": {"name": "synthetic-spirals"},
                 "model": {"name": "mlp", "hidden": [64, 64]},
                 "schedule": {"base_lr": 0.05, "t_max": 1, "t_mult": 2, "unit": "epoch"},
                 "training": {"epochs": 3, "batch_size": 16, "device": "cpu"}}""");
        // 4 050 steps, some seconds: progress is reported once a second, so the cancel comes long before the end
        long stepAtCancel = awaitStep(id, 50);

        var cancelled = call(post("/api/runs/" + id + "/cancel"));
        assertThat(cancelled.get("status").asString()).isEqualTo("CANCELLED");
        var stopped = awaitCheckpoint(id, stepAtCancel);
        // progress is up to a second old when read: at about a millisecond a step, the cancel lands within ~1 500
        assertThat(stopped.get("step").asLong()).isBetween(stepAtCancel, stepAtCancel + 1500);
        var afterCancel = call(get("/api/runs/" + id));
        assertThat(afterCancel.get("status").asString()).isEqualTo("CANCELLED");

        assertThat(call(post("/api/runs/" + id + "/resume")).get("status").asString())
                .isEqualTo("QUEUED");
        var run = call(get("/api/runs/" + id).param("wait", "240"));

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        long total = run.get("progress").get("total_steps").asLong();
        assertThat(run.get("progress").get("step").asLong()).isEqualTo(total);
        var lr = call(get("/api/runs/" + id + "/metrics").param("keys", "lr").param("max_points", "100000"))
                .get("series")
                .get(0)
                .get("points");
        assertThat(lr).hasSize((int) total);
        var schedule = CosineWarmRestarts.of(ScheduleConfig.builder()
                .setBaseLr(0.05)
                .setTMax(1)
                .optTMult(2)
                .optUnit(ScheduleUnit.EPOCH)
                .build());
        long stepsPerEpoch = total / 3;
        for (int step = 0; step < total; step++) {
            assertThat(lr.get(step).get("step").asInt()).isEqualTo(step);
            assertThat(lr.get(step).get("value").asDouble()).isEqualTo(schedule.rate((double) step / stepsPerEpoch));
        }
    }

    @Test
    void shouldAccumulateGradientsIntoTheSameStepsAsOneLargerBatch() throws Exception {
        String body = """
                {"dataset": {"name": "synthetic-spirals", "limit": 2000, "val_fraction": 0.2},
                 "model": {"name": "mlp", "hidden": [32]},
                 "optimizer": {"name": "sgd", "momentum": 0.9},
                 "schedule": {"base_lr": 0.05, "t_max": 20},
                 "training": {"epochs": 1, "batch_size": %d, "grad_accum_steps": %d, "seed": 11, "device": "cpu"}}""";
        String whole = launch(body.formatted(64, 1));
        String accumulated = launch(body.formatted(32, 2));
        String again = launch(body.formatted(64, 1));

        var wholeLoss = trainLoss(whole);
        var accumulatedLoss = trainLoss(accumulated);

        assertThat(accumulatedLoss).hasSize(25); // the schedule advances per optimizer step, not per batch
        assertThat(trainLoss(again)).containsExactlyElementsOf(wholeLoss); // same seed, same trajectory
        for (int step = 0; step < 25; step++) {
            assertThat(accumulatedLoss.get(step)).isCloseTo(wholeLoss.get(step), within(1e-4));
        }
    }

    @Test
    void shouldClipTheGradientNormButLogItBeforeClipping() throws Exception {
        String id = launch("""
                {"dataset": {"name": "synthetic-spirals", "limit": 2000},
                 "model": {"name": "mlp", "hidden": [32]},
                 "optimizer": {"name": "sgd", "momentum": 0},
                 "schedule": {"base_lr": 0.5, "t_max": 100},
                 "training": {"epochs": 1, "batch_size": 64, "grad_clip_norm": 0.000001, "device": "cpu"}}""");
        call(get("/api/runs/" + id).param("wait", "120"));

        var gradNorm = series(id, "grad_norm");
        var loss = trainLoss(id);

        assertThat(gradNorm.get(0)).isGreaterThan(0.01); // the norm as computed, before clipping
        assertThat(loss.get(loss.size() - 1)).isCloseTo(loss.get(0), within(0.05)); // steps of 5e-7: nothing learnt
    }

    private List<Double> trainLoss(String id) throws Exception {
        var run = call(get("/api/runs/" + id).param("wait", "120"));
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        return series(id, "train_loss");
    }

    private List<Double> series(String id, String key) throws Exception {
        var values = new ArrayList<Double>();
        call(get("/api/runs/" + id + "/metrics").param("keys", key).param("max_points", "100000"))
                .get("series")
                .get(0)
                .get("points")
                .forEach(point -> values.add(point.get("value").asDouble()));
        return values;
    }

    /** Waits until the run has reported at least {@code steps} steps; returns how many. */
    private void awaitNoJob(String id) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (jdbc.queryForObject("select count(*) from scheduled_tasks where task_instance = ?", Long.class, id)
                > 0) {
            assertThat(System.nanoTime())
                    .as("the job of run %s never finished", id)
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private long awaitStep(String id, long steps) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            long step = call(get("/api/runs/" + id)).get("progress").get("step").asLong();
            if (step >= steps) {
                return step;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("run " + id + " did not reach step " + steps);
    }

    /** Waits for the run's first checkpoint event at or after {@code fromStep} and returns it. */
    private JsonNode awaitCheckpoint(String id, long fromStep) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (JsonNode event : call(get("/api/runs/" + id + "/events")).get("events")) {
                // an epoch's checkpoint may precede the one a cancel writes: progress is reported once a second
                if (event.get("kind").asString().equals("CHECKPOINT")
                        && event.get("step").asLong() >= fromStep) {
                    return event;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("run " + id + " wrote no checkpoint");
    }

    private String launch(String body) throws Exception {
        var launched = mvc.perform(post("/api/runs")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isCreated())
                .andReturn();
        return json.readTree(launched.getResponse().getContentAsString())
                .get("id")
                .asString();
    }

    private static double mean(JsonNode points, int from, int to) {
        List<Double> values = new ArrayList<>();
        for (int i = from; i < to; i++) {
            values.add(points.get(i).get("value").asDouble());
        }
        return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
}
