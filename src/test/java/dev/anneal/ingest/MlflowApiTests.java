package dev.anneal.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.ArrayList;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * MLflow's tracking API as Anneal serves it, held to MLflow's documented request and response shapes and error
 * bodies (mlflow/protos/service.proto, its REST API page): experiments, runs, logging, history, search.
 */
@SpringBootTest(properties = "db-scheduler.enabled=false")
@AutoConfigureMockMvc
@ActiveProfiles("test")
class MlflowApiTests {

    private static final String API = "/api/2.0/mlflow";

    @Autowired
    private MockMvc mvc;

    @Autowired
    private JsonMapper json;

    private ResultActions call(String path, String body) throws Exception {
        return mvc.perform(
                post(API + path).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private JsonNode ok(String path, String body) throws Exception {
        return json.readTree(call(path, body)
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
    }

    private JsonNode read(String pathAndQuery) throws Exception {
        return json.readTree(mvc.perform(get(API + pathAndQuery))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
    }

    private String experiment() throws Exception {
        return ok("/experiments/create", "{\"name\": \"mlflow-%s\"}".formatted(UUID.randomUUID()))
                .get("experiment_id")
                .asString();
    }

    private String run(String experimentId, String name) throws Exception {
        return ok("/runs/create", """
                        {"experiment_id": "%s", "run_name": "%s", "start_time": "1765000000000"}""".formatted(experimentId, name))
                .get("run")
                .get("info")
                .get("run_id")
                .asString();
    }

    @Test
    void shouldCreateReadRenameTagDeleteAndRestoreExperimentsWithMlflowsErrorBodies() throws Exception {
        String name = "mlflow-" + UUID.randomUUID();
        String id = ok(
                        "/experiments/create",
                        "{\"name\": \"%s\", \"tags\": [{\"key\": \"team\", \"value\": \"vision\"}]}".formatted(name))
                .get("experiment_id")
                .asString();

        var experiment = read("/experiments/get?experiment_id=" + id).get("experiment");
        assertThat(experiment.get("name").asString()).isEqualTo(name);
        assertThat(experiment.get("lifecycle_stage").asString()).isEqualTo("active");
        assertThat(experiment.get("artifact_location").asString()).isEqualTo("mlflow-artifacts:/" + id);
        assertThat(experiment.get("tags").get(0).get("key").asString()).isEqualTo("team");
        assertThat(read("/experiments/get-by-name?experiment_name=" + name)
                        .get("experiment")
                        .get("experiment_id")
                        .asString())
                .isEqualTo(id);
        call("/experiments/create", "{\"name\": \"%s\"}".formatted(name))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error_code").value("RESOURCE_ALREADY_EXISTS"))
                .andExpect(jsonPath("$.message").value("Experiment '%s' already exists.".formatted(name)));
        mvc.perform(get(API + "/experiments/get")
                        .param("experiment_id", UUID.randomUUID().toString()))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.error_code").value("RESOURCE_DOES_NOT_EXIST"));
        call("/experiments/create", "{}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error_code").value("INVALID_PARAMETER_VALUE"));

        ok("/experiments/update", "{\"experiment_id\": \"%s\", \"new_name\": \"%s-renamed\"}".formatted(id, name));
        ok(
                "/experimentsset-experiment-tag",
                "{\"experiment_id\": \"%s\", \"key\": \"npm\", \"value\": \"quirk\"}".formatted(id));
        ok("/experiments/delete", "{\"experiment_id\": \"%s\"}".formatted(id));
        assertThat(names(read("/experiments/list"))).doesNotContain(name + "-renamed");
        assertThat(names(read("/experiments/list?view_type=DELETED_ONLY"))).contains(name + "-renamed");
        ok("/experiments/restore", "{\"experiment_id\": \"%s\"}".formatted(id));
        var searched = ok("/experiments/search", "{\"filter\": \"name LIKE '%s-ren%%'\"}".formatted(name));
        assertThat(names(searched)).containsExactly(name + "-renamed");
        assertThat(read("/experiments/get?experiment_id=" + id)
                        .get("experiment")
                        .get("tags")
                        .toString())
                .contains("quirk");
    }

    @Test
    void shouldLogToARunItCreatesAsAnExternalRunWithItsSystemTagsAsNameAndSource() throws Exception {
        String experimentId = experiment();
        var created = ok("/runs/create", """
                {"experiment_id": "%s", "user_id": "someone else", "start_time": 1765000000000,
                 "tags": [{"key": "mlflow.runName", "value": "from mlflow"},
                          {"key": "mlflow.source.name", "value": "train.py"},
                          {"key": "mlflow.source.git.commit", "value": "3f2a9c1"},
                          {"key": "mlflow.user", "value": "ada"}]}""".formatted(experimentId)).get("run");
        String runId = created.get("info").get("run_id").asString();
        assertThat(created.get("info").get("run_name").asString()).isEqualTo("from mlflow");
        assertThat(created.get("info").get("status").asString()).isEqualTo("RUNNING");
        assertThat(created.get("info").get("experiment_id").asString()).isEqualTo(experimentId);
        assertThat(created.get("info").get("lifecycle_stage").asString()).isEqualTo("active");

        // as MLflow's Python client sends it: 64-bit numbers as strings, and the old run_uuid beside run_id
        ok("/runs/log-batch", """
                {"run_id": "%s", "run_uuid": "%s",
                 "metrics": [{"key": "acc", "value": 0.5, "timestamp": "1765000001000", "step": "1"},
                             {"key": "acc", "value": 0.75, "timestamp": "1765000002000", "step": "2"},
                             {"key": "acc", "value": 0.8, "timestamp": "1765000002500", "step": "2"},
                             {"key": "lr", "value": "0.1", "timestamp": 1765000001000, "step": 1}],
                 "params": [{"key": "lr", "value": "0.1"}], "tags": [{"key": "team", "value": "vision"}]}""".formatted(runId, runId));
        ok(
                "/runs/log-metric",
                "{\"run_id\": \"%s\", \"key\": \"loss\", \"value\": 2.5, \"timestamp\": 1765000003000}"
                        .formatted(runId));
        ok("/runs/log-parameter", "{\"run_id\": \"%s\", \"key\": \"batch_size\", \"value\": \"128\"}".formatted(runId));
        ok("/runs/set-tag", "{\"run_id\": \"%s\", \"key\": \"stage\", \"value\": \"warm\"}".formatted(runId));
        ok("/runs/delete-tag", "{\"run_id\": \"%s\", \"key\": \"stage\"}".formatted(runId));

        var run = read("/runs/get?run_id=" + runId).get("run");
        assertThat(run.get("data").get("metrics").toString())
                .contains("{\"key\":\"acc\",\"value\":0.8,\"timestamp\":1765000002500,\"step\":2}")
                .contains("{\"key\":\"loss\",\"value\":2.5,\"timestamp\":1765000003000,\"step\":0}");
        assertThat(run.get("data").get("params").toString())
                .contains("{\"key\":\"lr\",\"value\":\"0.1\"}")
                .contains("{\"key\":\"batch_size\",\"value\":\"128\"}");
        assertThat(run.get("data").get("tags").toString()).contains("team").doesNotContain("stage");
        mvc.perform(get("/api/runs/" + runId))
                .andExpect(jsonPath("$.kind").value("external"))
                .andExpect(jsonPath("$.name").value("from mlflow"))
                .andExpect(jsonPath("$.owner").value("tester"))
                .andExpect(jsonPath("$.source.script").value("train.py"))
                .andExpect(jsonPath("$.source.git_commit").value("3f2a9c1"));

        call("/runs/log-parameter", "{\"run_id\": \"%s\", \"key\": \"lr\", \"value\": \"0.2\"}".formatted(runId))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error_code").value("INVALID_PARAMETER_VALUE"))
                .andExpect(jsonPath("$.message").value(containsString("cannot change")));
        call("/runs/log-metric", "{\"run_id\": \"%s\", \"key\": \"loss\", \"value\": \"NaN\"}".formatted(runId))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error_code").value("INVALID_PARAMETER_VALUE"));
        mvc.perform(get(API + "/runs/get").param("run_id", UUID.randomUUID().toString()))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.error_code").value("RESOURCE_DOES_NOT_EXIST"));

        var updated = ok(
                "/runs/update",
                "{\"run_id\": \"%s\", \"status\": \"FINISHED\", \"end_time\": 1765000009000}".formatted(runId));
        assertThat(updated.get("run_info").get("status").asString()).isEqualTo("FINISHED");
        mvc.perform(get("/api/runs/" + runId)).andExpect(jsonPath("$.status").value("SUCCEEDED"));
        ok("/runs/update", "{\"run_id\": \"%s\", \"status\": \"RUNNING\"}".formatted(runId));
        mvc.perform(get("/api/runs/" + runId)).andExpect(jsonPath("$.status").value("RUNNING"));
    }

    @Test
    void shouldRefuseABatchPastMlflowsLimitsAndStoreNoneOfIt() throws Exception {
        String runId = run(experiment(), "limits");
        String metrics = IntStream.range(0, 1001)
                .mapToObj(i -> "{\"key\": \"m\", \"value\": 1, \"timestamp\": 1, \"step\": %d}".formatted(i))
                .collect(Collectors.joining(","));
        call("/runs/log-batch", "{\"run_id\": \"%s\", \"metrics\": [%s]}".formatted(runId, metrics))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error_code").value("INVALID_PARAMETER_VALUE"))
                .andExpect(jsonPath("$.message")
                        .value("A batch logging request can contain at most 1000 metrics. Got 1001 metrics."));
        call("/runs/log-batch", """
                        {"run_id": "%s", "metrics": [{"key": "m", "value": 1, "timestamp": 1, "step": 0}],
                         "params": [{"key": "bad key!", "value": "x"}]}""".formatted(runId)).andExpect(status().isBadRequest());
        assertThat(read("/metrics/get-history?run_id=%s&metric_key=m".formatted(runId))
                        .get("metrics"))
                .isEmpty();

        // an attacker's shapes: a null metric, a NUL character, a bad tag on a new experiment (none of it stored)
        call("/runs/log-batch", "{\"run_id\": \"%s\", \"metrics\": [null]}".formatted(runId))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error_code").value("INVALID_PARAMETER_VALUE"));
        call("/runs/set-tag", "{\"run_id\": \"%s\", \"key\": \"k\", \"value\": \"a\\u0000b\"}".formatted(runId))
                .andExpect(status().isBadRequest());
        String refused = "refused-" + UUID.randomUUID();
        call(
                        "/experiments/create",
                        "{\"name\": \"%s\", \"tags\": [{\"key\": \"bad key!\", \"value\": \"x\"}]}".formatted(refused))
                .andExpect(status().isBadRequest());
        mvc.perform(get(API + "/experiments/get-by-name").param("experiment_name", refused))
                .andExpect(status().isNotFound());
    }

    @Test
    void shouldPageAMetricsHistory() throws Exception {
        String runId = run(experiment(), "history");
        String metrics = IntStream.range(0, 5)
                .mapToObj(i -> "{\"key\": \"loss\", \"value\": %d, \"timestamp\": 1765000000000, \"step\": %d}"
                        .formatted(10 - i, i))
                .collect(Collectors.joining(","));
        ok("/runs/log-batch", "{\"run_id\": \"%s\", \"metrics\": [%s]}".formatted(runId, metrics));

        var steps = new ArrayList<Integer>();
        String token = null;
        for (int pages = 0; pages < 3; pages++) {
            var page = read("/metrics/get-history?run_id=%s&metric_key=loss&max_results=2%s"
                    .formatted(runId, token == null ? "" : "&page_token=" + token));
            page.get("metrics").forEach(point -> steps.add(point.get("step").asInt()));
            token = page.has("next_page_token") && !page.get("next_page_token").isNull()
                    ? page.get("next_page_token").asString()
                    : null;
        }
        assertThat(steps).containsExactly(0, 1, 2, 3, 4);
        assertThat(token).as("three pages, the last without a token").isNull();
    }

    @Test
    void shouldSearchRunsWithMlflowsFilterGrammarOrderAndPages() throws Exception {
        String experimentId = experiment();
        for (var run : new String[][] {
            {"a", "0.1", "0.9", "resnet"}, {"b", "0.1", "0.7", "vgg"}, {"c", "0.01", "0.8", "resnet"}
        }) {
            String id = run(experimentId, run[0]);
            ok("/runs/log-batch", """
                    {"run_id": "%s", "metrics": [{"key": "val acc", "value": %s, "timestamp": 1, "step": 3}],
                     "params": [{"key": "lr", "value": "%s"}], "tags": [{"key": "model", "value": "%s"}]}""".formatted(id, run[2], run[1], run[3]));
            if (run[0].equals("c")) {
                ok("/runs/update", "{\"run_id\": \"%s\", \"status\": \"FINISHED\"}".formatted(id));
            }
        }

        assertThat(names(search(experimentId, "metrics.`val acc` > 0.75 and params.lr = '0.1'", "")))
                .containsExactly("a");
        assertThat(names(search(experimentId, "", ", \"order_by\": [\"metrics.`val acc` DESC\"]")))
                .containsExactly("a", "c", "b");
        assertThat(names(search(experimentId, "tags.model LIKE 'res%'", ", \"order_by\": [\"attributes.run_name\"]")))
                .containsExactly("a", "c");
        assertThat(names(search(experimentId, "attributes.status = 'FINISHED'", "")))
                .containsExactly("c");
        var first = search(experimentId, "", ", \"max_results\": 2, \"order_by\": [\"run_name ASC\"]");
        assertThat(names(first)).containsExactly("a", "b");
        var second = search(
                experimentId,
                "",
                ", \"max_results\": 2, \"order_by\": [\"run_name ASC\"], \"page_token\": \"%s\""
                        .formatted(first.get("next_page_token").asString()));
        assertThat(names(second)).containsExactly("c");
        call(
                        "/runs/search",
                        "{\"experiment_ids\": [\"%s\"], \"filter\": \"metrics.acc >>> 1\"}".formatted(experimentId))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error_code").value("INVALID_PARAMETER_VALUE"));

        String deleted =
                names(search(experimentId, "attributes.run_name = 'b'", "")).isEmpty() ? null : "b";
        assertThat(deleted).isEqualTo("b");
    }

    @Test
    void shouldHideADeletedRunFromSearchesAndTheRunsTableUntilRestored() throws Exception {
        String experimentId = experiment();
        String id = run(experimentId, "to delete");
        ok("/runs/delete", "{\"run_id\": \"%s\"}".formatted(id));

        assertThat(names(search(experimentId, "", ""))).isEmpty();
        assertThat(names(search(experimentId, "", ", \"run_view_type\": \"DELETED_ONLY\"")))
                .containsExactly("to delete");
        mvc.perform(get("/api/runs").param("q", "to delete"))
                .andExpect(jsonPath("$.total").value(0));
        ok("/runs/restore", "{\"run_id\": \"%s\"}".formatted(id));
        assertThat(names(search(experimentId, "", ""))).containsExactly("to delete");
    }

    @Test
    void shouldKeepARunsArtifactsByContentAndServeThemBackThroughMlflowsArtifactProxy() throws Exception {
        String experimentId = experiment();
        String runId = run(experimentId, "with artifacts");
        String root = "/api/2.0/mlflow-artifacts/artifacts/%s/%s/artifacts".formatted(experimentId, runId);
        byte[] model = "a model's bytes \u0000\u0001".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put(root + "/model/weights.pt")
                        .content(model))
                .andExpect(status().isOk());
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put(root + "/notes.txt")
                        .content("hello"))
                .andExpect(status().isOk());

        assertThat(mvc.perform(get(root + "/model/weights.pt"))
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsByteArray())
                .isEqualTo(model);
        var listed = read("/artifacts/list?run_id=" + runId).get("files").toString();
        assertThat(listed)
                .contains("{\"path\":\"model\",\"is_dir\":true")
                .contains("{\"path\":\"notes.txt\",\"is_dir\":false,\"file_size\":5}");
        var proxied = json.readTree(mvc.perform(get("/api/2.0/mlflow-artifacts/artifacts")
                                .param("path", "%s/%s/artifacts/model".formatted(experimentId, runId)))
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .get("files");
        assertThat(proxied.toString())
                .isEqualTo("[{\"path\":\"weights.pt\",\"is_dir\":false,\"file_size\":%d}]".formatted(model.length));
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put(root + "/../escape.txt")
                        .content("x"))
                .andExpect(status().isBadRequest());
        mvc.perform(get(root + "/missing.txt"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.error_code").value("RESOURCE_DOES_NOT_EXIST"));
    }

    private JsonNode search(String experimentId, String filter, String more) throws Exception {
        return ok(
                "/runs/search",
                "{\"experiment_ids\": [\"%s\"], \"filter\": \"%s\"%s}"
                        .formatted(experimentId, filter.replace("\"", "\\\""), more));
    }

    private static java.util.List<String> names(JsonNode found) {
        var names = new ArrayList<String>();
        var items = found.has("runs") ? found.get("runs") : found.get("experiments");
        if (items != null) {
            items.forEach(item -> names.add(
                    item.has("info")
                            ? item.get("info").get("run_name").asString()
                            : item.get("name").asString()));
        }
        return names;
    }
}
