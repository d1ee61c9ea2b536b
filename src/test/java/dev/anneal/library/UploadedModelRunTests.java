package dev.anneal.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real DJL training of a TorchScript module a team uploaded (made by Debian's PyTorch: batch norm and dropout), on a
 * dataset they uploaded: launched by {@code "model": {"artifact": "name:version"}}, checked against the data before it
 * queues, trained by Anneal's own loop.
 */
@SpringBootTest(properties = "db-scheduler.threads=2")
@AutoConfigureMockMvc
@ActiveProfiles("test")
class UploadedModelRunTests {

    @Autowired
    private MockMvc mvc;

    @Autowired
    private JsonMapper json;

    private void upload(String path, String file, String manifest) throws Exception {
        mvc.perform(multipart(path)
                        .file(new MockMultipartFile(
                                "file", file, "application/octet-stream", Files.readAllBytes(Path.of(file))))
                        .file(new MockMultipartFile(
                                "manifest", "", "application/json", manifest.getBytes(StandardCharsets.UTF_8))))
                .andExpect(status().isCreated());
    }

    private ResultActions launch(String dataset, String model, int epochs) throws Exception {
        return mvc.perform(
                post("/api/runs").contentType(MediaType.APPLICATION_JSON).content("""
                {"dataset": %s, "model": %s, "optimizer": {"name": "adamw"},
                 "schedule": {"base_lr": 0.05, "eta_min": 0.0001, "t_max": 1, "t_mult": 2, "unit": "epoch"},
                 "training": {"epochs": %d, "batch_size": 16, "seed": 3, "device": "cpu"}}""".formatted(
                                dataset, model, epochs)));
    }

    /**
     * Uploads blobs_mlp.pt (batch norm and dropout) and blobs.npz, and trains the one on the other for three epochs with
     * warm restarts and {@code training} (more of its fields) until the run ends.
     */
    private JsonNode trainedOnBlobs(String training) throws Exception {
        String model = unique();
        upload("/api/models", "src/test/resources/models/blobs_mlp.pt", """
                {"name": "%s", "version": "1", "input_shape": [4], "task": "classification", "classes": 3}""".formatted(model));
        String data = unique();
        upload("/api/datasets", "src/test/resources/datasets/blobs.npz", """
                {"name": "%s", "format": "npz"}""".formatted(data));
        return trained(mvc.perform(
                post("/api/runs").contentType(MediaType.APPLICATION_JSON).content("""
                {"dataset": {"artifact": "%s"}, "model": {"artifact": "%s:1"}, "optimizer": {"name": "adamw"},
                 "schedule": {"base_lr": 0.05, "eta_min": 0.0001, "t_max": 1, "t_mult": 2, "unit": "epoch"},
                 "training": {"epochs": 3, "batch_size": 16, "seed": 3, "device": "cpu", %s}}""".formatted(
                                data, model, training))));
    }

    private JsonNode trained(ResultActions launched) throws Exception {
        return TrainedRuns.ended(mvc, json, launched);
    }

    private static String unique() {
        return TrainedRuns.unique("m");
    }

    @Test
    void shouldTrainAnUploadedModuleOnAnUploadedDataset() throws Exception {
        String model = unique();
        upload("/api/models", "src/test/resources/models/blobs_mlp.pt", """
                {"name": "%s", "version": "2", "input_shape": [4], "task": "classification", "classes": 3}""".formatted(model));
        String data = unique();
        upload("/api/datasets", "src/test/resources/datasets/blobs.npz", """
                {"name": "%s", "format": "npz"}""".formatted(data));

        var run = trained(
                launch("{\"artifact\": \"%s\"}".formatted(data), "{\"artifact\": \"%s:2\"}".formatted(model), 3));

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("name").asString()).startsWith(model + "-2-" + data + "-");
        assertThat(run.get("config").get("model").get("uploaded").get("version").asString())
                .isEqualTo("2");
        assertThat(run.get("summary").get("parameter_count").asLong()).isEqualTo(4 * 16 + 16 + 16 + 16 + 16 * 3 + 3);
        double testAcc = run.get("summary").get("test_acc").asDouble();
        assertThat(testAcc).as("three clusters: chance is 1/3").isGreaterThan(0.8);

        // the trained model comes back, and Debian's PyTorch predicts with it what Anneal evaluated
        assertThat(accuracyInPython(run.get("id").asString(), "")).isCloseTo(testAcc, within(1e-9));
    }

    @Test
    void shouldTrainAModuleOfLinearLayersAloneOnBuiltInData() throws Exception {
        // no batch norm: its weights are what the backward pass saves first (a module with batch norm hid a failure)
        String model = unique();
        upload("/api/models", "src/test/resources/models/spirals_plain.pt", """
                {"name": "%s", "version": "1", "input_shape": [2], "task": "classification", "classes": 3}""".formatted(model));

        // a baseline schedule, step decay, as a comparison against warm restarts would launch it
        var run = trained(mvc.perform(
                post("/api/runs").contentType(MediaType.APPLICATION_JSON).content("""
                {"dataset": {"name": "synthetic-spirals", "limit": 600}, "model": {"artifact": "%s:1"},
                 "optimizer": {"name": "sgd", "momentum": 0.9},
                 "schedule": {"kind": "step", "base_lr": 0.1, "step_size": 1, "gamma": 0.5, "unit": "epoch"},
                 "training": {"epochs": 3, "batch_size": 16, "seed": 3, "device": "cpu"}}""".formatted(model))));

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("summary").get("steps").asLong()).isEqualTo(3 * 34);
        assertThat(run.get("summary").get("final_lr").asDouble()).isCloseTo(0.025, within(1e-9));
    }

    @Test
    void shouldMeasureAModulesBatchNormStatisticsAgainForAveragedWeights() throws Exception {
        var run = trainedOnBlobs("\"swa_from_epoch\": 1");

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("summary").get("averaged").get("epochs").asInt()).isEqualTo(3);
        // the handed-back model is the average; its running mean is that of the average's own activations (the last
        // epoch's, of other weights and batches of 16, lie a tenth of a deviation or more away)
        assertThat(inPython("bn_statistics.py", run.get("id").asString(), "")).isLessThan(0.01);
    }

    @Test
    void shouldHandBackEverySnapshotOfAnUploadedModule() throws Exception {
        var run = trainedOnBlobs("\"snapshots\": {\"keep\": 2}");

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        var snapshots = run.get("summary").get("snapshots");
        assertThat(snapshots).hasSize(2);
        assertThat(snapshots.get(0).get("val_loss").asDouble())
                .as("the first cycle's end is evaluated with its own weights, not the last")
                .isNotEqualTo(snapshots.get(1).get("val_loss").asDouble());
        for (int i = 0; i < 2; i++) {
            assertThat(accuracyInPython(run.get("id").asString(), "?snapshot=" + i))
                    .as("snapshot %d, as Anneal evaluated it", i)
                    .isCloseTo(snapshots.get(i).get("test_acc").asDouble(), within(1e-9));
        }
        mvc.perform(get("/api/runs/" + run.get("id").asString() + "/model").param("snapshot", "2"))
                .andExpect(status().isNotFound());
        // -1 is how the final model is kept, not a snapshot
        mvc.perform(get("/api/runs/" + run.get("id").asString() + "/model").param("snapshot", "-1"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("snapshot"));
    }

    /**
     * The test accuracy on blobs.npz of the model run {@code runId} hands back at {@code query}, as Debian's PyTorch
     * predicts with it (src/test/python/predict_trained.py).
     */
    private double accuracyInPython(String runId, String query) throws Exception {
        return inPython("predict_trained.py", runId, query);
    }

    /** What {@code script} (in src/test/python) prints of the model run {@code runId} hands back, and blobs.npz. */
    private double inPython(String script, String runId, String query) throws Exception {
        byte[] trained = mvc.perform(get("/api/runs/" + runId + "/model" + query))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        Path file = Files.createTempFile("trained-", ".pt");
        try {
            Files.write(file, trained);
            var python = new ProcessBuilder(
                            "/usr/bin/python3",
                            "src/test/python/" + script,
                            file.toString(),
                            "src/test/resources/datasets/blobs.npz")
                    .redirectErrorStream(true)
                    .start();
            String printed = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(python.waitFor()).as(printed).isZero();
            return Double.parseDouble(printed);
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void shouldRunARangeTestOnAnUploadedModuleAndSweepOverUploadedModules() throws Exception {
        String model = unique();
        upload("/api/models", "src/test/resources/models/spirals_bn.pt", """
                {"name": "%s", "version": "1", "input_shape": [2], "task": "classification", "classes": 3}""".formatted(model));

        upload("/api/models", "src/test/resources/models/spirals_bn.pt", """
                {"name": "%s", "version": "2", "input_shape": [2], "task": "classification", "classes": 3}""".formatted(
                        model)); // the same module again: the sweep's other value
        var rangeTest = trained(mvc.perform(
                post("/api/runs").contentType(MediaType.APPLICATION_JSON).content("""
                {"kind": "lr_range_test", "dataset": {"name": "synthetic-spirals", "limit": 1000},
                 "model": {"artifact": "%s:1"}, "optimizer": {"name": "sgd", "momentum": 0.9},
                 "training": {"batch_size": 25, "seed": 3, "device": "cpu"},
                 "range_test": {"start_lr": 1e-4, "end_lr": 100, "num_steps": 60}}""".formatted(model))));
        assertThat(rangeTest.get("status").asString()).as(rangeTest.toString()).isEqualTo("SUCCEEDED");
        assertThat(rangeTest
                        .get("summary")
                        .get("range_test")
                        .get("suggested_lr")
                        .asDouble())
                .isPositive();

        var created = json.readTree(mvc.perform(post("/api/sweeps")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                        {"name": "%s-sweep",
                         "base": {"dataset": {"name": "synthetic-spirals", "limit": 600},
                                  "model": {"artifact": "%s:1"}, "optimizer": {"name": "adamw"},
                                  "schedule": {"base_lr": 0.01, "t_max": 1, "unit": "epoch"},
                                  "training": {"epochs": 2, "batch_size": 30, "seed": 3, "device": "cpu"}},
                         "parameters": {"model.artifact": {"values": ["%s:1", "%s:2"]}}, "parallelism": 2}""".formatted(model, model, model, model)))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString());
        var read = TrainedRuns.sweepEnded(mvc, json, created.get("id").asString());
        assertThat(read.get("status").asString()).as(read.toPrettyString()).isEqualTo("FINISHED");
        assertThat(read.get("counts").get("SUCCEEDED").asInt()).isEqualTo(2);
        var versions = new java.util.TreeSet<String>();
        for (var trial : read.get("trials")) {
            var config = json.readTree(
                            mvc.perform(get("/api/runs/" + trial.get("run_id").asString()))
                                    .andReturn()
                                    .getResponse()
                                    .getContentAsString())
                    .get("config");
            versions.add(config.get("model").get("uploaded").get("version").asString());
        }
        assertThat(versions).as("the model itself swept: one trial each").containsExactly("1", "2");
    }

    @Test
    void shouldSayWhyARunWithoutAnUploadedModelHandsNoneBack() throws Exception {
        String data = unique();
        upload("/api/datasets", "src/test/resources/datasets/blobs.csv", """
                {"name": "%s", "format": "csv", "label": "species"}""".formatted(data));
        var run = trained(launch("{\"artifact\": \"%s\"}".formatted(data), "{\"name\": \"mlp\", \"hidden\": [8]}", 1));

        mvc.perform(get("/api/runs/" + run.get("id").asString() + "/model"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail")
                        .value(org.hamcrest.Matchers.containsString("only a run of an uploaded TorchScript model")));
    }

    @Test
    void shouldRefuseAModuleThatDoesNotFitTheDataBeforeItQueues() throws Exception {
        String model = unique();
        upload("/api/models", "src/test/resources/models/blobs_mlp.pt", """
                {"name": "%s", "version": "1", "input_shape": [4], "task": "classification", "classes": 3}""".formatted(model));

        launch("{\"name\": \"fashion-mnist\"}", "{\"artifact\": \"%s:1\"}".formatted(model), 1)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("model.artifact"))
                .andExpect(jsonPath("$.errors[0].message")
                        .value(
                                "model.artifact %s:1 takes input_shape [4], but dataset.name fashion-mnist has examples of shape [1, 28, 28]"
                                        .formatted(model)))
                .andExpect(jsonPath("$.errors[1].message")
                        .value("model.artifact %s:1 classifies into 3 classes, but dataset.name fashion-mnist has 10"
                                .formatted(model)));
        launch("{\"name\": \"synthetic-spirals\"}", "{\"artifact\": \"%s:9\"}".formatted(model), 1)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("model.artifact"))
                .andExpect(jsonPath("$.errors[0].message")
                        .value(org.hamcrest.Matchers.containsString("no uploaded model")));
        launch("{\"name\": \"synthetic-spirals\"}", "{\"artifact\": \"%s:1\", \"name\": \"mlp\"}".formatted(model), 1)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("model.name"));
    }
}
