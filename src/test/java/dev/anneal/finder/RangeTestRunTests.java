package dev.anneal.finder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.anneal.AsyncCalls;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An LR range test launched over REST like any run: queued, trained by a worker along its ramp (twice, with the next
 * seed the second time), and summarised with the methods' suggestions; bad values refused by field.
 */
@SpringBootTest(properties = "db-scheduler.threads=2")
@AutoConfigureMockMvc
@ActiveProfiles("test")
class RangeTestRunTests {

    @Autowired
    private MockMvc mvc;

    @Autowired
    private JsonMapper json;

    @Autowired
    private JdbcTemplate jdbc;

    private JsonNode call(RequestBuilder request) throws Exception {
        return json.readTree(AsyncCalls.answered(mvc, request).getResponse().getContentAsString());
    }

    private org.springframework.test.web.servlet.ResultActions launch(String body) throws Exception {
        return mvc.perform(
                post("/api/runs").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    @Test
    void shouldRunARangeTestOverEveryRepeatAndSuggestARate() throws Exception {
        var launched = launch("""
                        {"kind": "lr_range_test", "name": "find a rate",
                         "dataset": {"name": "synthetic-spirals", "limit": 1000, "val_fraction": 0.2},
                         "model": {"name": "mlp", "hidden": [32]},
                         "optimizer": {"name": "sgd", "momentum": 0.9},
                         "training": {"batch_size": 25, "seed": 3, "device": "cpu"},
                         "range_test": {"start_lr": 1e-4, "end_lr": 100, "num_steps": 60, "smoothing": 0.9,
                                        "repeats": 2}}""")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.kind").value("lr_range_test"))
                .andExpect(jsonPath("$.config.range_test.mode").value("exponential"))
                .andExpect(jsonPath("$.config.schedule").doesNotExist())
                .andReturn();
        String id = json.readTree(launched.getResponse().getContentAsString())
                .get("id")
                .asString();

        var run = call(get("/api/runs/" + id).param("wait", "240"));

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("progress").get("total_steps").asLong()).isEqualTo(120); // two repeats of 60
        var found = run.get("summary").get("range_test");
        assertThat(found).as(run.toString()).isNotNull();
        var stop = found.get("stop");
        assertThat(stop.get("reason").asString()).isIn("diverged", "end_lr");
        assertThat(stop.get("lr").asDouble())
                .isEqualTo(
                        1e-4 * Math.pow(1e6, stop.get("step").asLong() / 59.0),
                        org.assertj.core.api.Assertions.within(
                                1e-9 * stop.get("lr").asDouble()));
        double suggested = found.get("suggested_lr").asDouble();
        assertThat(suggested).isBetween(1e-4, stop.get("lr").asDouble());
        assertThat(found.get("suggestions")
                        .valueStream()
                        .map(s -> s.get("method").asString()))
                .contains("valley", "min_div_10");
        assertThat(found.get("schedule_hint").get("base_lr").asDouble()).isEqualTo(suggested);
        assertThat(found.get("schedule_hint").get("eta_min").asDouble()).isEqualTo(suggested / 100);

        // both repeats are stored, the second after the first; nothing is checkpointed
        long smoothed = jdbc.queryForObject(
                "select count(*) from metric_point where run_id = ?::uuid and key_id = 9", Long.class, id);
        long secondRepeat = jdbc.queryForObject(
                "select count(*) from metric_point where run_id = ?::uuid and key_id = 1 and step >= 60",
                Long.class,
                id);
        assertThat(smoothed).isGreaterThan(2 * 10);
        assertThat(secondRepeat).isPositive();
        assertThat(jdbc.queryForObject("select count(*) from checkpoint where run_id = ?::uuid", Long.class, id))
                .isZero();
        assertThat(jdbc.queryForObject( // the model is thrown away: it is never evaluated
                        "select count(*) from metric_point where run_id = ?::uuid and key_id in (4, 5, 8)",
                        Long.class,
                        id))
                .isZero();
    }

    @Test
    void shouldSuggestARateForTheCnnOnFashionMnistAtWhichItThenTrains() throws Exception {
        String common = """
                "dataset": {"name": "fashion-mnist", "limit": 3000, "val_fraction": 0.1},
                "model": {"name": "cnn"},
                "optimizer": {"name": "sgd", "momentum": 0.9, "nesterov": true, "weight_decay": 5e-4},""";
        var test = launch("{\"kind\": \"lr_range_test\", \"name\": \"fmnist range test\"," + common + """
                 "training": {"batch_size": 64, "seed": 5, "device": "cpu"},
                 "range_test": {"start_lr": 1e-5, "end_lr": 10, "num_steps": 100}}""")
                .andExpect(status().isCreated())
                .andReturn();
        String testId =
                json.readTree(test.getResponse().getContentAsString()).get("id").asString();
        var tested = call(get("/api/runs/" + testId).param("wait", "300"));
        assertThat(tested.get("status").asString()).as(tested.toString()).isEqualTo("SUCCEEDED");
        var hint = tested.get("summary").get("range_test").get("schedule_hint");
        assertThat(hint).as(tested.toString()).isNotNull();
        double baseLr = hint.get("base_lr").asDouble();
        assertThat(baseLr).isBetween(1e-4, 1.0);

        var trained = launch("{\"name\": \"fmnist at the suggestion\"," + common
                        + """
                 "schedule": {"base_lr": %s, "eta_min": %s, "t_max": 2, "unit": "epoch"},
                 "training": {"epochs": 2, "batch_size": 64, "seed": 5, "device": "cpu"}}""".formatted(baseLr, hint.get("eta_min").asDouble()))
                .andExpect(status().isCreated())
                .andReturn();
        String trainedId = json.readTree(trained.getResponse().getContentAsString())
                .get("id")
                .asString();
        var run = call(get("/api/runs/" + trainedId).param("wait", "300"));

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        // ten classes: chance is 0.1; two epochs on 2,700 images at the suggested rate get well past it
        assertThat(run.get("summary").get("test_acc").asDouble())
                .as(run.toString())
                .isGreaterThan(0.6);
    }

    @Test
    void shouldListRunsOfOneKind() throws Exception {
        var launched = launch("""
                        {"kind": "lr_range_test", "name": "listed",
                         "dataset": {"name": "synthetic-spirals", "limit": 200},
                         "model": {"name": "mlp", "hidden": [8]}, "training": {"batch_size": 20, "device": "cpu"},
                         "range_test": {"num_steps": 10}}""").andExpect(status().isCreated()).andReturn();
        String id = json.readTree(launched.getResponse().getContentAsString())
                .get("id")
                .asString();
        var training = launch("{\"schedule\": {\"base_lr\": 0.1, \"t_max\": 5}, \"training\": {\"device\": \"cpu\"}}")
                .andReturn();
        String trainingId = json.readTree(training.getResponse().getContentAsString())
                .get("id")
                .asString();
        mvc.perform(post("/api/runs/" + trainingId + "/cancel")); // not to train for real here

        var tests = call(get("/api/runs").param("kind", "lr_range_test").param("size", "200"));
        var trainings = call(get("/api/runs").param("kind", "training").param("size", "200"));

        assertThat(tests.get("items").valueStream().map(run -> run.get("id").asString()))
                .contains(id);
        assertThat(tests.get("items").valueStream().map(run -> run.get("kind").asString()))
                .containsOnly("lr_range_test");
        assertThat(trainings
                        .get("items")
                        .valueStream()
                        .map(run -> run.get("kind").asString()))
                .isNotEmpty()
                .containsOnly("training");
        assertThat(call(get("/api/runs").param("kind", "sweep"))
                        .get("errors")
                        .get(0)
                        .get("message")
                        .asString())
                .isEqualTo("kind must be one of training, lr_range_test, external but was sweep");
    }

    @Test
    void shouldRefuseBadValuesNamingTheField() throws Exception {
        var refused =
                call(post("/api/runs").contentType(MediaType.APPLICATION_JSON).content("""
                {"kind": "lr_range_test", "schedule": {"base_lr": 0.1, "t_max": 5},
                 "range_test": {"start_lr": 1e-3, "end_lr": 1e-4, "num_steps": 5, "mode": "cubic", "repeats": 9}}"""));

        assertThat(refused.get("status").asInt()).isEqualTo(400);
        assertThat(refused.get("errors").valueStream().map(e -> e.get("field").asString()))
                .containsExactlyInAnyOrder(
                        "schedule",
                        "range_test.mode",
                        "range_test.end_lr",
                        "range_test.num_steps",
                        "range_test.repeats");
        assertThat(refused.toString())
                .contains("range_test.end_lr must be > start_lr (0.001) but was 1e-4")
                .contains("range_test.num_steps must be between 10 and 10000 but was 5")
                .contains("range_test.mode must be one of exponential, linear but was cubic");

        var training =
                call(post("/api/runs").contentType(MediaType.APPLICATION_JSON).content("""
                {"kind": "training", "schedule": {"base_lr": 0.1, "t_max": 5}, "range_test": {}}"""));
        assertThat(training.get("errors").get(0).get("field").asString()).isEqualTo("range_test");
        var unknownKind =
                call(post("/api/runs").contentType(MediaType.APPLICATION_JSON).content("""
                {"kind": "sweep", "schedule": {"base_lr": 0.1, "t_max": 5}}"""));
        assertThat(unknownKind.get("errors").get(0).get("message").asString())
                .isEqualTo("kind must be one of training, lr_range_test, external but was sweep");
    }

    @Test
    void shouldCallARunWithoutAKindATrainingRunAsEveryRunStoredBeforeKindsExisted() throws Exception {
        var launched = launch("{\"schedule\": {\"base_lr\": 0.1, \"t_max\": 5}, \"training\": {\"device\": \"cpu\"}}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.kind").value("training"))
                .andExpect(jsonPath("$.config.kind").value("training"))
                .andReturn();
        String id = json.readTree(launched.getResponse().getContentAsString())
                .get("id")
                .asString();
        mvc.perform(post("/api/runs/" + id + "/cancel")).andExpect(status().isOk()); // not to train for real here

        // a run stored before kinds existed has none in its config: it reads back, and lists, as a training run
        jdbc.update("update run set config = config - 'kind' where id = ?::uuid", id);
        assertThat(jdbc.queryForObject(
                        "select (config -> 'kind') is not null from run where id = ?::uuid", Boolean.class, id))
                .isFalse();
        assertThat(call(get("/api/runs/" + id)).get("kind").asString()).isEqualTo("training");
        assertThat(call(get("/api/runs").param("kind", "training").param("size", "200"))
                        .get("items")
                        .valueStream()
                        .map(run -> run.get("id").asString()))
                .contains(id);
    }
}
