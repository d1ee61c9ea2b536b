package dev.anneal.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
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

/**
 * A 2×2 grid (t_mult × base_lr) on synthetic data with ASHA at cycle ends, end to end: the controller launches the
 * trials, reads their rungs where their cycles end, stops the trials whose rate is too small to learn at the first
 * rung, records why, and names the best.
 */
@SpringBootTest(properties = "db-scheduler.threads=2")
@AutoConfigureMockMvc
@ActiveProfiles("test")
class SweepRunTests {

    @Autowired
    private MockMvc mvc;

    @Autowired
    private JsonMapper json;

    @Autowired
    private JdbcTemplate jdbc;

    private JsonNode call(org.springframework.test.web.servlet.RequestBuilder request) throws Exception {
        return json.readTree(mvc.perform(request).andReturn().getResponse().getContentAsString());
    }

    private JsonNode awaitEnd(String id, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        JsonNode sweep = call(get("/api/sweeps/" + id));
        while (sweep.get("status").asString().equals("RUNNING") && System.nanoTime() < deadline) {
            Thread.sleep(250);
            sweep = call(get("/api/sweeps/" + id));
        }
        return sweep;
    }

    @Test
    void shouldStopTheHopelessTrialsAtTheirFirstCycleEndRecordWhyAndNameTheBest() throws Exception {
        // 4 800 training examples in batches of 16: 300 steps an epoch; cycles of 1.5 epochs end at step 450 (and, with
        // t_mult 1, at 900): where no epoch ends, so only the sweep's evaluation at cycle ends is there to read
        var created =
                call(post("/api/sweeps").contentType(MediaType.APPLICATION_JSON).content("""
                {"name": "=grid-asha", "experiment": "sweep-tests",
                 "base": {"dataset": {"name": "synthetic-spirals", "limit": 6000, "val_fraction": 0.2},
                          "model": {"name": "mlp", "hidden": [32, 32]},
                          "optimizer": {"name": "sgd", "momentum": 0.9},
                          "schedule": {"base_lr": 0.1, "t_max": 1.5, "unit": "epoch"},
                          "training": {"epochs": 4, "batch_size": 16, "seed": 3, "device": "cpu"}},
                 "parameters": {"schedule.base_lr": {"values": [0.2, 0.00001]},
                                "schedule.t_mult": {"values": [1, 2]}},
                 "metric": {"name": "val_loss"}, "parallelism": 2,
                 "early_terminate": {"type": "asha", "eta": 2, "grace": 1, "min_peers": 2}}"""));
        String id = created.get("id").asString();

        var sweep = awaitEnd(id, Duration.ofMinutes(4));

        assertThat(sweep.get("status").asString()).as(sweep.toPrettyString()).isEqualTo("FINISHED");
        var trials =
                StreamSupport.stream(sweep.get("trials").spliterator(), false).toList();
        assertThat(trials).hasSize(4);
        var hopeless = trials.stream()
                .filter(t -> t.get("params").get("schedule.base_lr").asDouble() < 1e-3)
                .toList();
        var learning = trials.stream()
                .filter(t -> t.get("params").get("schedule.base_lr").asDouble() > 1e-3)
                .toList();
        // the grid lists base_lr first, so its two learning trials are launched first, two at a time: each hopeless
        // trial reaches rung 0 with both learning ones there before it (were the two hopeless ones launched together,
        // the second would be judged against the first alone, and either might go on)
        for (var trial : hopeless) {
            var decision = trial.get("decision");
            assertThat(trial.get("status").asString())
                    .as(trial.toPrettyString())
                    .isEqualTo("PRUNED");
            assertThat(decision.get("action").asString()).isEqualTo("stopped");
            assertThat(decision.get("rung").asInt()).isZero();
            assertThat(decision.get("peers").asInt()).isGreaterThanOrEqualTo(3);
            assertThat(decision.get("value").asDouble())
                    .isGreaterThan(decision.get("threshold").asDouble());
            assertThat(decision.get("reason").asString())
                    .contains("read at the end of cycle 0 (epoch 1.5)")
                    .endsWith("stopped");
            var run = call(get("/api/runs/" + trial.get("run_id").asString()));
            assertThat(run.get("error").asString()).startsWith("pruned by sweep =grid-asha: rung 0");
            assertThat(run.get("progress").get("step").asLong()).isLessThan(1200);
            var events = call(get("/api/runs/" + trial.get("run_id").asString() + "/events"));
            assertThat(events.toString()).contains("PRUNED");
        }
        assertThat(learning).allSatisfy(trial -> {
            assertThat(trial.get("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(trial.get("rungs").get(0).get("epoch").asDouble()).isEqualTo(1.5);
            assertThat(trial.get("rungs").get(0).get("step").asLong()).isEqualTo(450);
        });
        // a name a spreadsheet would run as a formula reaches the trials' run names; the CSV keeps it inert
        String csv = mvc.perform(get("/api/sweeps/" + id + "/trials.csv"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(csv.lines().skip(1))
                .allSatisfy(line -> assertThat(line.split(",")[2]).startsWith("'=grid-asha"));
        var tMultOne = learning.stream()
                .filter(t -> t.get("params").get("schedule.t_mult").asInt() == 1)
                .findFirst()
                .orElseThrow();
        var tMultTwo = learning.stream()
                .filter(t -> t.get("params").get("schedule.t_mult").asInt() == 2)
                .findFirst()
                .orElseThrow();
        // budgets 1, 2, 4 epochs: t_mult 1's cycles end at 1.5 and 3; t_mult 2's at 1.5, then only the run ends
        assertThat(epochs(tMultOne)).containsExactly(1.5, 3.0, 4.0);
        assertThat(epochs(tMultTwo)).containsExactly(1.5, 4.0, 4.0);
        var evaluatedAt = jdbc.queryForList(
                "select step from metric_point where run_id = ?::uuid and key_id = 4 order by step",
                Long.class,
                tMultOne.get("run_id").asString());
        assertThat(evaluatedAt).containsExactly(300L, 450L, 600L, 900L, 1200L);

        var best = sweep.get("best");
        assertThat(best.get("params").get("schedule.base_lr").asDouble()).isEqualTo(0.2);
        double bestLoss = best.get("metric").asDouble();
        assertThat(learning)
                .allSatisfy(t -> assertThat(t.get("metric").asDouble()).isGreaterThanOrEqualTo(bestLoss));
        assertThat(sweep.get("groups")).hasSize(2);
        assertThat(sweep.get("counts").get("SUCCEEDED").asInt()).isEqualTo(2);
        assertThat(sweep.get("counts").get("PRUNED").asInt()).isEqualTo(2);
        var run = call(get("/api/runs/" + best.get("run_id").asString()));
        assertThat(run.get("sweep_id").asString()).isEqualTo(id);
        assertThat(run.get("tags").toString()).contains("sweep:=grid-asha");
        assertThat(run.get("config").get("training").get("eval_at_cycle_ends").asBoolean())
                .isTrue();
    }

    private static List<Double> epochs(JsonNode trial) {
        var epochs = new ArrayList<Double>();
        trial.get("rungs").forEach(rung -> epochs.add(rung.get("epoch").asDouble()));
        return epochs;
    }
}
