package dev.anneal.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.anneal.AsyncCalls;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A baseline schedule launched over REST like cosine annealing: stored with its kind, trained by a worker at exactly
 * the rates its preview gives, with no cycle series; fields of another kind refused by name.
 */
@SpringBootTest(properties = "db-scheduler.threads=2")
@AutoConfigureMockMvc
@ActiveProfiles("test")
class BaselineRunTests {

    @Autowired
    private MockMvc mvc;

    @Autowired
    private JsonMapper json;

    @Autowired
    private JdbcTemplate jdbc;

    private JsonNode call(RequestBuilder request) throws Exception {
        return json.readTree(AsyncCalls.answered(mvc, request).getResponse().getContentAsString());
    }

    private ResultActions launch(String schedule) throws Exception {
        return mvc.perform(
                post("/api/runs").contentType(MediaType.APPLICATION_JSON).content("""
                {"name": "baseline", "experiment": "baselines",
                 "dataset": {"name": "synthetic-spirals", "limit": 800, "val_fraction": 0.2},
                 "model": {"name": "mlp", "hidden": [16]},
                 "optimizer": {"name": "sgd", "momentum": 0.9},
                 "training": {"epochs": 2, "batch_size": 32, "seed": 4, "device": "cpu"},
                 "schedule": %s}""".formatted(schedule)));
    }

    @Test
    void shouldTrainAOneCycleRunAtExactlyTheRatesItsPreviewGives() throws Exception {
        String schedule = """
                {"kind": "one_cycle", "base_lr": 0.2, "total": 40, "anneal": "linear"}""";
        var launched = launch(schedule)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.config.schedule.kind").value("one_cycle"))
                .andExpect(jsonPath("$.config.schedule.pct_start").value(0.3))
                .andExpect(jsonPath("$.config.schedule.div_factor").value(25.0))
                .andExpect(jsonPath("$.config.schedule.anneal").value("linear"))
                .andExpect(jsonPath("$.config.schedule.t_max").doesNotExist())
                .andReturn();
        String id = json.readTree(launched.getResponse().getContentAsString())
                .get("id")
                .asString();

        var run = call(get("/api/runs/" + id).param("wait", "240"));

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        long steps = run.get("progress").get("total_steps").asLong();
        assertThat(steps).isEqualTo(40); // 640 training examples, 20 batches an epoch, 2 epochs
        List<Double> stored = jdbc.queryForList(
                "select value from metric_point where run_id = ?::uuid and key_id = 1 order by step", Double.class, id);
        var preview = call(post("/api/schedules/preview")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"schedule\": %s, \"total_steps\": %d}".formatted(schedule, steps)))
                .get("points");
        assertThat(stored).hasSize((int) steps);
        for (int i = 0; i < steps; i++) {
            // stored as float8 from the double the optimizer was handed as a float: compare at float precision
            assertThat(stored.get(i))
                    .isCloseTo(preview.get(i).get("lr").asDouble(), org.assertj.core.api.Assertions.within(1e-7));
        }
        assertThat(jdbc.queryForObject(
                        "select count(*) from metric_point where run_id = ?::uuid and key_id in (6, 7)",
                        Long.class,
                        id))
                .as("a baseline has no cycles to log")
                .isZero();
        assertThat(run.get("summary").get("restarts").asLong()).isZero();
    }

    @Test
    void shouldRefuseAFieldOfAnotherKindAndABaselineMissingItsOwn() throws Exception {
        launch("""
                        {"kind": "step", "base_lr": 0.1, "t_max": 10, "restart_on_plateau": {"patience": 2}}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field")
                        .value(org.hamcrest.Matchers.containsInAnyOrder(
                                "schedule.t_max", "schedule.restart_on_plateau", "schedule.step_size")));
        launch("""
                        {"kind": "multistep", "base_lr": 0.1, "milestones": [5, 3]}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("schedule.milestones"))
                .andExpect(jsonPath("$.errors[0].message")
                        .value("schedule.milestones must be positive and increasing but were [5, 3]"));
    }

    @Test
    void shouldKeepSnapshotsOnlyWhereCyclesEnd() throws Exception {
        mvc.perform(post("/api/runs").contentType(MediaType.APPLICATION_JSON).content("""
                        {"schedule": {"kind": "step", "base_lr": 0.1, "step_size": 5},
                         "training": {"snapshots": {"keep": 3}}}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("training.snapshots"))
                .andExpect(jsonPath("$.errors[0].message")
                        .value("training.snapshots needs a schedule that restarts (kind cosine); a step schedule has no"
                                + " cycle ends"));
        mvc.perform(post("/api/runs").contentType(MediaType.APPLICATION_JSON).content("""
                        {"kind": "lr_range_test", "training": {"snapshots": {"keep": 3}}}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("training.snapshots"));
        mvc.perform(post("/api/runs").contentType(MediaType.APPLICATION_JSON).content("""
                        {"schedule": {"base_lr": 0.1, "t_max": 1}, "training": {"snapshots": {"keep": 21}}}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("training.snapshots.keep"))
                .andExpect(jsonPath("$.errors[0].message")
                        .value("training.snapshots.keep must be between 1 and 20 but was 21"));
        mvc.perform(post("/api/runs").contentType(MediaType.APPLICATION_JSON).content("""
                        {"schedule": {"base_lr": 0.1, "t_max": 1}, "training": {"snapshots": {}}}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("training.snapshots.keep"));
    }
}
