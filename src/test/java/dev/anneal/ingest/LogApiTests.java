package dev.anneal.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.anonymous;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.anneal.access.Role;
import dev.anneal.access.Users;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.json.JsonMapper;

/**
 * A script's journey through the native logging API: it opens an external run, logs columnar batches (retried,
 * refused, by someone else), and ends it; on the real schema in an embedded PostgreSQL.
 */
@SpringBootTest(properties = "db-scheduler.enabled=false")
@AutoConfigureMockMvc
@ActiveProfiles("test")
class LogApiTests {

    @Autowired
    private MockMvc mvc;

    @Autowired
    private JsonMapper json;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private Users users;

    private ResultActions postJson(String path, String body) throws Exception {
        return mvc.perform(post(path).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private String open(String body) throws Exception {
        var response = postJson("/api/runs", body)
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        return json.readTree(response).get("id").asString();
    }

    private long stored(String id) {
        return jdbc.queryForObject(
                "select count(*) from metric_point where run_id = ?", Long.class, UUID.fromString(id));
    }

    @Test
    void shouldOpenAnExternalRunRunningAtOnceWithItsParamsAndSource() throws Exception {
        postJson("/api/runs", """
                        {"kind": "external", "experiment": "scripts", "tags": ["resnet"],
                         "params": {"batch_size": 128, "optimizer": "sgd", "nesterov": true, "lr": 0.1},
                         "source": {"script": "/home/ada/train.py", "git_commit": "3f2a9c1", "dirty": false,
                                    "host": "gpu-7"}}""")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.kind").value("external"))
                .andExpect(jsonPath("$.status").value("RUNNING"))
                .andExpect(jsonPath("$.name").value(org.hamcrest.Matchers.startsWith("train-")))
                .andExpect(jsonPath("$.tags[0]").value("resnet"))
                .andExpect(jsonPath("$.source.git_commit").value("3f2a9c1"))
                .andExpect(jsonPath("$.config.dataset").doesNotExist());
        var id = open("""
                {"kind": "external", "name": "logged", "params": {"batch_size": 128, "lr": 0.1}}""");

        mvc.perform(get("/api/runs/" + id))
                .andExpect(jsonPath("$.params.batch_size").value("128"))
                .andExpect(jsonPath("$.params.lr").value("0.1"))
                .andExpect(jsonPath("$.started_at").isNotEmpty());
        assertThat(jdbc.queryForObject("select count(*) from scheduled_tasks where task_instance = ?", Long.class, id))
                .as("no worker is asked to train it")
                .isZero();
    }

    @Test
    void shouldRefuseWhatAnExternalRunIsNotLaunchedWith() throws Exception {
        postJson("/api/runs", """
                        {"kind": "external", "model": {"name": "cnn"}, "schedule": {"base_lr": 0.1, "t_max": 2, "unit": "epoch"},
                         "params": {"bad key!": "x"}}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'model')].message")
                        .value("model is not for an external run: its own script trains it"))
                .andExpect(jsonPath("$.errors[?(@.field == 'schedule.unit')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field == 'params')].message")
                        .value("params: a key is 1 to 250 letters, digits, spaces and _ - . / but was \"bad key!\""));
        postJson("/api/runs", """
                        {"schedule": {"base_lr": 0.1, "t_max": 2}, "params": {"a": "b"}}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value("params is only for a run of kind external"));
    }

    @Test
    void shouldStoreABatchOnceWhenItIsRetriedKeepingStepsAndWallTimes() throws Exception {
        var id = open("""
                {"kind": "external"}""");
        String batch = """
                {"metrics": [{"key": "loss", "steps": [0, 1, 2], "values": [2.5, 2.25, 2.0],
                              "times": [1765000000000, 1765000000500, 1765000001000]},
                             {"key": "lr-SGD", "steps": [0, 1, 2], "values": [0.1, 0.05, 0.025]}],
                 "params": {"epochs": 3}, "tags": {"mlflow.user": "ada", "sgdr": ""}}""";

        postJson("/api/runs/" + id + "/log", batch)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.points").value(6))
                .andExpect(jsonPath("$.last_step").value(2));
        postJson("/api/runs/" + id + "/log", batch).andExpect(status().isOk()); // a retry
        postJson("/api/runs/" + id + "/log", """
                        {"metrics": [{"key": "loss", "steps": [3, 3], "values": [1.5, 1.75]},
                                     {"key": "loss", "steps": [3], "values": [1.875]}]}""")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.points").value(1));

        assertThat(stored(id)).isEqualTo(7);
        assertThat(jdbc.queryForObject(
                        "select value from metric_point p join metric_key k on k.id = p.key_id"
                                + " where run_id = ? and k.name = 'loss' and step = 3",
                        Double.class,
                        UUID.fromString(id)))
                .as("a step sent twice in one batch keeps its last value")
                .isEqualTo(1.875);
        mvc.perform(get("/api/runs/" + id + "/metrics").param("keys", "loss"))
                .andExpect(jsonPath("$.series[0].points[1].step").value(1))
                .andExpect(jsonPath("$.series[0].points[1].value").value(2.25));
        assertThat(jdbc.queryForObject(
                                "select wall_time from metric_point p join metric_key k on k.id = p.key_id"
                                        + " where run_id = ? and k.name = 'loss' and step = 2",
                                java.sql.Timestamp.class,
                                UUID.fromString(id))
                        .toInstant()
                        .toEpochMilli())
                .isEqualTo(1765000001000L);
        mvc.perform(get("/api/runs/" + id))
                .andExpect(jsonPath("$.progress.step").value(3))
                .andExpect(jsonPath("$.tags[0]").value("sgdr"))
                .andExpect(jsonPath("$.tag_values['mlflow.user']").value("ada"))
                .andExpect(jsonPath("$.params.epochs").value("3"));
    }

    @Test
    void shouldRefuseABadBatchNamingEachFieldAndIndexAndStoreNoneOfIt() throws Exception {
        var id = open("""
                {"kind": "external", "params": {"lr": "0.1"}}""");

        postJson("/api/runs/" + id + "/log", """
                        {"metrics": [{"key": "loss", "steps": [0, 1], "values": [1.0, 2.0]},
                                     {"key": "acc", "steps": [0, -1, 2], "values": [0.5, 0.6, 1e400]},
                                     {"key": "bad key!", "steps": [0], "values": [1]},
                                     {"key": "grad", "steps": [0, 1], "values": [1.0]}]}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'metrics[1].steps[1]')].message")
                        .value("metrics[1].steps[1] must be a step from 0 to 2147483647 but was -1"))
                .andExpect(jsonPath("$.errors[?(@.field == 'metrics[1].values[2]')].message")
                        .value("metrics[1].values[2] must be a finite number but was Infinity"))
                .andExpect(jsonPath("$.errors[?(@.field == 'metrics[2].key')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field == 'metrics[3].values')].message")
                        .value("metrics[3].values must hold one value a step: 2 steps but 1 values"));
        postJson("/api/runs/" + id + "/log", """
                        {"metrics": [{"key": "loss", "steps": [0, 1], "values": [1.0, 2.0]}],
                         "params": {"lr": "0.2"}}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("params.lr"))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("cannot change to \"0.2\"")));
        postJson("/api/runs/" + id + "/log", """
                        {"params": {"note": "a\\u0000b"}}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("params.note"))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("NUL character")));
        postJson("/api/runs/" + id + "/log", """
                        {"tags": {"t": ["not", "text"]}}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'tags.t')].message")
                        .value("tags.t must be a string, a number or a boolean"));
        postJson("/api/runs/" + id + "/log", """
                        {"metrics": [{"key": "loss", "steps": [0, 1.5], "values": [1.0, 2.0]}]}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("metrics[0].steps[1]"));

        assertThat(stored(id)).as("nothing of a refused batch").isZero();
        mvc.perform(get("/api/runs/" + id))
                .andExpect(jsonPath("$.progress.step").value(0));
    }

    @Test
    void shouldBoundABatchAndNameOnlyTheFirstProblemsOfAWrongOne() throws Exception {
        var id = open("""
                {"kind": "external"}""");
        String steps = IntStream.range(0, 100_001).mapToObj(i -> "0").collect(Collectors.joining(","));
        postJson("/api/runs/" + id + "/log", """
                        {"metrics": [{"key": "loss", "steps": [%s], "values": [%s]}]}""".formatted(steps, steps))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message")
                        .value("metrics must hold at most 100000 points a request but held 100001: send them in"
                                + " several"));
        String negative = IntStream.range(0, 50).mapToObj(i -> "-1").collect(Collectors.joining(","));
        postJson("/api/runs/" + id + "/log", """
                        {"metrics": [{"key": "loss", "steps": [%s], "values": [%s]}]}""".formatted(negative, negative))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.length()").value(21))
                .andExpect(
                        jsonPath("$.errors[20].message").value("and 30 more points are refused for the same reasons"));
    }

    @Test
    void shouldBoundTheNewMetricNamesOneUserGivesSoNoScriptSpendsEveryonesIds() throws Exception {
        String owner = "namer-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(owner, "a long enough password", Role.MEMBER);
        var id = openAs(owner);
        // two batches of 1 000 new names each: the 2 000 a user may give
        for (String prefix : List.of("a", "b")) {
            log(owner, id, prefix, 1_000).andExpect(status().isOk());
        }

        log(owner, id, "c", 1)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("metrics"))
                .andExpect(jsonPath("$.errors[0].message")
                        .value(containsString(
                                "\"c-0\" would be new metric names, but %s gave 2000 of the 2000".formatted(owner))));
        assertThat(stored(id)).as("nothing of the refused batch").isEqualTo(2_000);
        log(owner, id, "a", 1_000).andExpect(status().isOk()); // names already given cost nothing
        postJson("/api/runs/" + open("{\"kind\": \"external\"}") + "/log", """
                        {"metrics": [{"key": "c-0", "steps": [0], "values": [1.0]}]}""")
                .andExpect(status().isOk()); // another user's share is their own
    }

    @Test
    void shouldRefuseANewMetricNameNamingTheFieldWhenTheIdsAreSpent() throws Exception {
        var id = open("{\"kind\": \"external\"}");
        int next = jdbc.queryForObject("select max(id) + 1 from metric_key", Integer.class);
        jdbc.execute("alter table metric_key alter column id restart with 32767"); // one two-byte id left
        try {
            postJson("/api/runs/" + id + "/log", """
                            {"metrics": [{"key": "last-id", "steps": [0], "values": [1.0]},
                                         {"key": "past-the-last", "steps": [0], "values": [1.0]}]}""")
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("metrics"))
                    .andExpect(jsonPath("$.errors[0].message")
                            .value(containsString("this Anneal holds the most it can: log under names in use")));
            assertThat(stored(id)).isZero();
        } finally {
            jdbc.execute("alter table metric_key alter column id restart with " + next);
        }
    }

    /** Opens a script's run as the member {@code owner}; answers its id. */
    private String openAs(String owner) throws Exception {
        var response = mvc.perform(post("/api/runs")
                        .with(user(owner).roles("MEMBER"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"kind\": \"external\"}"))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        return json.readTree(response).get("id").asString();
    }

    /** Logs one point under each of {@code count} names {@code prefix-i} to run {@code id}, as {@code owner}. */
    private ResultActions log(String owner, String id, String prefix, int count) throws Exception {
        String series = java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> "{\"key\": \"%s-%d\", \"steps\": [0], \"values\": [1.0]}".formatted(prefix, i))
                .collect(java.util.stream.Collectors.joining(","));
        return mvc.perform(post("/api/runs/" + id + "/log")
                .with(user(owner).roles("MEMBER"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"metrics\": [%s]}".formatted(series)));
    }

    @Test
    void shouldLetOnlyItsOwnerOrAnAdminLogToOrEndAScriptsRunAndNobodyResumeIt() throws Exception {
        String owner = "logger-" + UUID.randomUUID().toString().substring(0, 8);
        String other = "other-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(owner, "a long enough password", Role.MEMBER);
        users.create(other, "a long enough password", Role.MEMBER);
        var id = openAs(owner);
        String batch = """
                {"metrics": [{"key": "loss", "steps": [0], "values": [1.0]}]}""";

        mvc.perform(post("/api/runs/" + id + "/log")
                        .with(user(other).roles("MEMBER"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(batch))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value(containsString("only the run's owner (%s)".formatted(owner))));
        mvc.perform(post("/api/runs/" + id + "/finish").with(user(other).roles("MEMBER")))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/runs/" + id + "/log")
                        .with(user(owner).roles("MEMBER"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(batch))
                .andExpect(status().isOk());
        postJson("/api/runs/" + id + "/finish", """
                        {"status": "KILLED"}""").andExpect(status().isOk()); // the tester is an admin
        mvc.perform(get("/api/runs/" + id)).andExpect(jsonPath("$.status").value("CANCELLED"));
        mvc.perform(post("/api/runs/" + id + "/resume"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("Anneal cannot resume it")));
        postJson("/api/runs/" + id + "/finish", """
                        {"status": "DONE"}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("status"));
    }

    @Test
    void shouldServeThePythonClientToAnyoneAsTheFileInTheSourceTree() throws Exception {
        var served = mvc.perform(get("/client/anneal_log.py").with(anonymous()))
                .andExpect(status().isOk())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
                        .contentTypeCompatibleWith("text/x-python"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(served)
                .isEqualTo(java.nio.file.Files.readString(java.nio.file.Path.of("src/main/python/anneal_log.py")));
    }

    @Test
    void shouldRefuseToLogToARunAnnealTrains() throws Exception {
        var id = open("""
                {"schedule": {"base_lr": 0.1, "t_max": 2}, "dataset": {"name": "synthetic-spirals", "limit": 64},
                 "model": {"name": "mlp"}}""");

        postJson("/api/runs/" + id + "/log", """
                        {"metrics": [{"key": "lr", "steps": [0], "values": [9.0]}]}""")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("only its worker logs to it")));
        mvc.perform(post("/api/runs/" + id + "/finish")).andExpect(status().isConflict());
        assertThat(stored(id)).isZero();
    }
}
