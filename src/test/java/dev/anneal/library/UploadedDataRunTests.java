package dev.anneal.library;

import static org.assertj.core.api.Assertions.assertThat;
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
 * Real DJL training on datasets a team uploaded: launched by {@code "dataset": {"artifact": …}}, checked against the
 * network before it queues, split as the upload gave it (or by the run's seed), fingerprinted by the upload's SHA-256.
 */
@SpringBootTest(properties = "db-scheduler.threads=2")
@AutoConfigureMockMvc
@ActiveProfiles("test")
class UploadedDataRunTests {

    private static final Path DATASETS = Path.of("src/test/resources/datasets");

    @Autowired
    private MockMvc mvc;

    @Autowired
    private JsonMapper json;

    private String upload(String file, String manifest) throws Exception {
        var response = mvc.perform(multipart("/api/datasets")
                        .file(new MockMultipartFile(
                                "file", file, "application/octet-stream", Files.readAllBytes(DATASETS.resolve(file))))
                        .file(new MockMultipartFile(
                                "manifest", "", "application/json", manifest.getBytes(StandardCharsets.UTF_8))))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        return json.readTree(response).get("sha256").asString();
    }

    private ResultActions launch(String dataset, String model) throws Exception {
        return mvc.perform(
                post("/api/runs").contentType(MediaType.APPLICATION_JSON).content("""
                {"dataset": %s, "model": %s, "optimizer": {"name": "adamw"},
                 "schedule": {"base_lr": 0.05, "eta_min": 0.0001, "t_max": 1, "t_mult": 2, "unit": "epoch"},
                 "training": {"epochs": 3, "batch_size": 16, "seed": 3, "device": "cpu"}}""".formatted(dataset, model)));
    }

    private JsonNode trained(ResultActions launched) throws Exception {
        return TrainedRuns.ended(mvc, json, launched);
    }

    private static String unique() {
        return TrainedRuns.unique("u");
    }

    @Test
    void shouldTrainAnMlpOnAnUploadedCsvSplittingItByTheRunsSeed() throws Exception {
        String name = unique();
        String sha = upload("blobs.csv", """
                {"name": "%s", "format": "csv", "label": "species"}""".formatted(name));

        var run = trained(launch("""
                {"artifact": "%s", "val_fraction": 0.25}""".formatted(name), """
                {"name": "mlp", "hidden": [16]}"""));

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("name").asString()).startsWith("mlp-" + name + "-");
        assertThat(run.get("progress").get("total_steps").asLong())
                .as("90 of the 120 examples train, in batches of 16, three epochs")
                .isEqualTo(3 * 6);
        assertThat(run.get("summary").get("best_val_acc").asDouble()).isGreaterThan(0.8); // three clusters: chance 1/3
        assertThat(run.get("summary").get("test_acc").isNull())
                .as("no test split given: no test figure")
                .isTrue();
        assertThat(run.get("dataset_fingerprint").get("sha256").asString()).isEqualTo(sha);
        assertThat(run.get("config").get("dataset").get("uploaded").get("name").asString())
                .isEqualTo(name);
    }

    @Test
    void shouldSweepOverUploadedDatasetsAndRefuseOneTheNetworkCannotTake() throws Exception {
        String csv = unique();
        upload("blobs.csv", """
                {"name": "%s", "format": "csv", "label": "species"}""".formatted(csv));
        String npz = unique();
        upload("blobs.npz", """
                {"name": "%s", "format": "npz"}""".formatted(npz));
        String sweep = """
                {"name": "%s", "base": {"dataset": {"artifact": "%s"}, "model": %s,
                 "schedule": {"base_lr": 0.05, "t_max": 1, "unit": "epoch"},
                 "training": {"epochs": 2, "batch_size": 16, "seed": 3, "device": "cpu"}},
                 "parameters": {"dataset.artifact": {"values": ["%s", "%s"]}}, "parallelism": 2}""";

        mvc.perform(post("/api/sweeps")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(sweep.formatted("cnn-" + csv, csv, "{\"name\": \"cnn\"}", csv, npz)))
                .andExpect(status().isBadRequest())
                // each trial's data checked against the network before anything is launched, naming both
                .andExpect(jsonPath("$.errors.length()").value(2))
                .andExpect(jsonPath("$.errors[0].field").value("base.model.name"))
                .andExpect(jsonPath("$.errors[0].message")
                        .value(org.hamcrest.Matchers.containsString("model cnn needs image examples")))
                .andExpect(jsonPath("$.errors[1].message")
                        .value(org.hamcrest.Matchers.containsString("dataset.artifact " + npz)));
        var created = json.readTree(mvc.perform(post("/api/sweeps")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(sweep.formatted("mlp-" + csv, csv, "{\"name\": \"mlp\"}", csv, npz)))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString());

        var ended = TrainedRuns.sweepEnded(mvc, json, created.get("id").asString());
        assertThat(ended.get("status").asString()).as(ended.toPrettyString()).isEqualTo("FINISHED");
        var trained = new java.util.TreeSet<String>();
        for (var trial : ended.get("trials")) {
            assertThat(trial.get("status").asString()).isEqualTo("SUCCEEDED");
            var run = json.readTree(
                    mvc.perform(get("/api/runs/" + trial.get("run_id").asString()))
                            .andReturn()
                            .getResponse()
                            .getContentAsString());
            trained.add(
                    run.get("config").get("dataset").get("uploaded").get("name").asString());
        }
        assertThat(trained).containsExactlyInAnyOrder(csv, npz);
    }

    @Test
    void shouldKeepAnUploadsOwnSplitsAndTrainACnnOnImageShapedArrays() throws Exception {
        String blobs = unique();
        upload("blobs.npz", """
                {"name": "%s", "format": "npz"}""".formatted(blobs));
        var run = trained(launch("""
                {"artifact": "%s"}""".formatted(blobs), """
                {"name": "mlp", "hidden": [16]}"""));

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("progress").get("total_steps").asLong())
                .as("all 120 training examples train: the upload's own 30 validate")
                .isEqualTo(3 * 8);
        assertThat(run.get("summary").get("test_acc").asDouble())
                .as("its own test split")
                .isGreaterThan(0.8);

        String pictures = unique();
        upload("pictures.npz", """
                {"name": "%s", "format": "npz"}""".formatted(pictures));
        var cnn = trained(launch("""
                {"artifact": "%s", "augment": {"horizontal_flip": true}}""".formatted(pictures), """
                {"name": "cnn"}"""));
        assertThat(cnn.get("status").asString()).as(cnn.toString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void shouldRefuseALaunchWhoseDataTheNetworkCannotTakeBeforeItQueues() throws Exception {
        String name = unique();
        upload("blobs.csv", """
                {"name": "%s", "format": "csv", "label": "species"}""".formatted(name));

        launch("""
                {"artifact": "%s"}""".formatted(name), """
                {"name": "cnn"}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("model.name"))
                .andExpect(jsonPath("$.errors[0].message")
                        .value(
                                "model cnn needs image examples [channels, height, width] of at least 4×4, but dataset.artifact"
                                        + " %s has examples of shape [4]: use mlp, or upload images".formatted(name)));
        launch("""
                {"artifact": "no-such-data"}""", "{\"name\": \"mlp\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("dataset.artifact"));
        launch("""
                {"artifact": "%s", "name": "fashion-mnist"}""".formatted(name), "{\"name\": \"mlp\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("dataset.name"));
        launch("""
                {"artifact": "%s", "augment": {"max_shift": 2}}""".formatted(name), "{\"name\": \"mlp\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("dataset.augment"));
    }
}
