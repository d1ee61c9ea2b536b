package dev.anneal.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.anneal.access.Role;
import dev.anneal.access.Users;
import dev.anneal.artifacts.ArtifactId;
import dev.anneal.artifacts.ArtifactStore;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.json.JsonMapper;

/**
 * Uploading models: a TorchScript file and its manifest, checked at upload with a forward and a backward pass, kept by
 * content, listed, read, downloaded and deleted; every bad upload refused with a 400 naming what is wrong and what to
 * do, and nothing of it stored. The files come from src/test/python/make_model_fixtures.py (Debian's PyTorch).
 */
@SpringBootTest(properties = "db-scheduler.enabled=false")
@AutoConfigureMockMvc
@ActiveProfiles("test")
class ModelApiTests {

    private static final Path MODELS = Path.of("src/test/resources/models");

    @Autowired
    private MockMvc mvc;

    @Autowired
    private JsonMapper json;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private ArtifactStore store;

    @Autowired
    private Users users;

    private static String cnnManifest(String name) {
        return """
                {"name": "%s", "version": "1", "notes": "a small CNN", "input_shape": [1, 28, 28],
                 "input_dtype": "float32", "task": "classification", "classes": 10}""".formatted(name);
    }

    private static String mlpManifest(String name) {
        return """
                {"name": "%s", "version": "1", "input_shape": [20], "task": "classification", "classes": 3}""".formatted(name);
    }

    private ResultActions upload(byte[] file, String manifest) throws Exception {
        var request = multipart("/api/models")
                .file(new MockMultipartFile("file", "model.pt", "application/octet-stream", file))
                .file(new MockMultipartFile(
                        "manifest", "", "application/json", manifest.getBytes(StandardCharsets.UTF_8)));
        return mvc.perform(request);
    }

    private static byte[] fixture(String name) throws Exception {
        return Files.readAllBytes(MODELS.resolve(name));
    }

    private static String unique() {
        return "m-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void shouldUploadCheckListDownloadAndDeleteATorchScriptModel() throws Exception {
        byte[] cnn = fixture("cnn.pt");
        String name = unique();
        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cnn));

        var response = upload(cnn, cnnManifest(name))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", org.hamcrest.Matchers.startsWith("/api/models/")))
                .andExpect(jsonPath("$.name").value(name))
                .andExpect(jsonPath("$.sha256").value(sha))
                .andExpect(jsonPath("$.size_bytes").value(cnn.length))
                .andExpect(jsonPath("$.parameters").value(26_746))
                .andExpect(jsonPath("$.manifest.input_shape[2]").value(28))
                .andExpect(jsonPath("$.manifest.loss").value("cross_entropy"))
                .andExpect(jsonPath("$.owner").value("tester"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        String id = json.readTree(response).get("id").asString();

        mvc.perform(get("/api/models"))
                .andExpect(
                        jsonPath("$.items[?(@.id == '%s')].name".formatted(id)).value(name));
        mvc.perform(get("/api/models/" + id))
                .andExpect(jsonPath("$.manifest.classes").value(10));
        byte[] downloaded = mvc.perform(get("/api/models/" + id + "/file"))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Disposition", containsString(name + "-1.pt")))
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        assertThat(downloaded).isEqualTo(cnn);

        mvc.perform(delete("/api/models/" + id)).andExpect(status().isNoContent());
        mvc.perform(get("/api/models/" + id)).andExpect(status().isNotFound());
        assertThat(store.find(new ArtifactId(sha))).as("its file went with it").isEmpty();
    }

    @Test
    void shouldKeepAModelsBytesWhileAScriptsRunHoldsTheSameFile() throws Exception {
        // a script logged its model with MLflow's log_artifact, and the same file was uploaded: one artifact
        byte[] mlp = fixture("mlp.pt");
        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(mlp));
        String id = json.readTree(upload(mlp, mlpManifest(unique()))
                        .andExpect(status().isCreated())
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .get("id")
                .asString();
        String run = json.readTree(mvc.perform(post("/api/runs")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"kind\": \"external\", \"name\": \"logs-its-model\"}"))
                        .andExpect(status().isCreated())
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .get("id")
                .asString();
        jdbc.update(
                "insert into run_artifact (run_id, path, sha256, size_bytes) values (?::uuid, 'model.pt', ?, ?)",
                run,
                sha,
                mlp.length);

        mvc.perform(delete("/api/models/" + id)).andExpect(status().isNoContent());

        assertThat(store.find(new ArtifactId(sha)))
                .as("the run's artifact keeps its bytes")
                .isPresent();
    }

    @Test
    void shouldRefuseToDeleteAModelARunIsQueuedOnSayingWhich() throws Exception {
        String name = unique();
        var model = json.readTree(upload(fixture("spirals_bn.pt"), """
                        {"name": "%s", "version": "1", "input_shape": [2], "task": "classification", "classes": 3}""".formatted(name))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString());
        var run = json.readTree(mvc.perform(post("/api/runs")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                        {"name": "uses-%s", "dataset": {"name": "synthetic-spirals"}, "model": {"artifact": "%s:1"},
                         "schedule": {"base_lr": 0.1, "t_max": 1}}""".formatted(name, name)))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString());
        String modelId = model.get("id").asString();
        // its page: the contract, and the run that uses it; the list links to it
        mvc.perform(get("/models/" + modelId))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("<h1>%s:1</h1>".formatted(name))))
                .andExpect(content().string(containsString("<th scope=\"row\">Classes</th><td>3</td>")))
                .andExpect(content().string(containsString(">uses-%s</a>".formatted(name))))
                .andExpect(content().string(containsString("1 run")))
                .andExpect(content().string(containsString("data-action=\"delete\"")));
        mvc.perform(get("/models"))
                .andExpect(content().string(containsString("href=\"/models/%s\">%s:1</a>".formatted(modelId, name))));
        mvc.perform(get("/models/" + modelId).with(user("onlooker").roles("VIEWER")))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("data-action=\"delete\""))));

        mvc.perform(delete("/api/models/" + modelId))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail")
                        .value("the model %s:1 is in use by a queued or training run (uses-%s): delete it once they end"
                                .formatted(name, name)));
        mvc.perform(post("/api/runs/" + run.get("id").asString() + "/cancel")).andExpect(status().isOk());
        mvc.perform(delete("/api/models/" + modelId)).andExpect(status().isNoContent());
    }

    @Test
    void shouldLetOnlyItsOwnerOrAnAdminDeleteAModel() throws Exception {
        String owner = "uploader-" + UUID.randomUUID().toString().substring(0, 8);
        String other = "other-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(owner, "a long enough password", Role.MEMBER);
        users.create(other, "a long enough password", Role.MEMBER);
        var response = mvc.perform(multipart("/api/models")
                        .file(new MockMultipartFile("file", "m.pt", "application/octet-stream", fixture("mlp.pt")))
                        .file(new MockMultipartFile(
                                "manifest",
                                "",
                                "application/json",
                                mlpManifest(unique()).getBytes(StandardCharsets.UTF_8)))
                        .with(user(owner).roles("MEMBER")))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        String id = json.readTree(response).get("id").asString();

        mvc.perform(delete("/api/models/" + id).with(user(other).roles("MEMBER")))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value(containsString("only the model's owner (%s)".formatted(owner))));
        mvc.perform(delete("/api/models/" + id).with(user(owner).roles("MEMBER")))
                .andExpect(status().isNoContent());
    }

    /** A bad upload: its file and manifest, the field it is refused for, and what the refusal says. */
    private record Bad(String why, byte[] file, String manifest, String field, String says) {}

    @Test
    void shouldRefuseEveryBadUploadNamingTheProblemAndStoreNothing() throws Exception {
        byte[] mlp = fixture("mlp.pt");
        String taken = unique();
        upload(mlp, mlpManifest(taken)).andExpect(status().isCreated());
        int before = jdbc.queryForObject("select count(*) from uploaded_model", Integer.class);
        var bad = List.of(
                new Bad(
                        "a state dict",
                        fixture("state_dict.pth"),
                        mlpManifest(unique()),
                        "file",
                        "this is a state dict or a pickled model saved with torch.save"),
                new Bad("ONNX", fixture("model.onnx"), mlpManifest(unique()), "file", "this is an ONNX model"),
                new Bad("an empty file", new byte[0], mlpManifest(unique()), "file", "the file is empty"),
                new Bad(
                        "text",
                        "hello".getBytes(StandardCharsets.UTF_8),
                        mlpManifest(unique()),
                        "file",
                        "this is not a TorchScript file"),
                new Bad(
                        "a zip of something else",
                        zipOf("notes/readme.txt"),
                        mlpManifest(unique()),
                        "file",
                        "it has no code/ folder"),
                new Bad(
                        "a damaged TorchScript file",
                        java.util.Arrays.copyOf(mlp, mlp.length / 2),
                        mlpManifest(unique()),
                        "file",
                        "file: "),
                new Bad(
                        "no trainable parameters",
                        fixture("frozen.pt"),
                        mlpManifest(unique()).replace("\"classes\": 3", "\"classes\": 20"),
                        "file",
                        "the module has no trainable parameters"),
                new Bad(
                        "the wrong number of classes",
                        mlp,
                        mlpManifest(unique()).replace("\"classes\": 3", "\"classes\": 10"),
                        "file",
                        "the module's output has shape (4, 3)"),
                new Bad(
                        "the wrong input shape",
                        mlp,
                        mlpManifest(unique()).replace("[20]", "[1, 28, 28]"),
                        "file",
                        "the module's forward pass failed on a batch of shape (4, 1, 28, 28)"),
                new Bad("a manifest that is not JSON", mlp, "name=x", "manifest", "manifest must be a JSON object"),
                new Bad("a manifest that is null", mlp, "null", "manifest", "manifest must be a JSON object"),
                new Bad(
                        "no name",
                        mlp,
                        mlpManifest(unique()).replaceFirst("\"name\": \"[^\"]+\", ", ""),
                        "manifest.name",
                        "was missing"),
                new Bad("a bad name", mlp, mlpManifest("a b"), "manifest.name", "letters, digits"),
                new Bad(
                        "no input shape",
                        mlp,
                        mlpManifest(unique()).replace("\"input_shape\": [20], ", ""),
                        "manifest.input_shape",
                        "was missing"),
                new Bad(
                        "an empty shape",
                        mlp,
                        mlpManifest(unique()).replace("[20]", "[]"),
                        "manifest.input_shape",
                        "1 to 4 whole numbers"),
                new Bad(
                        "a zero dimension",
                        mlp,
                        mlpManifest(unique()).replace("[20]", "[0]"),
                        "manifest.input_shape",
                        "1 to 4 whole numbers"),
                new Bad(
                        "five dimensions",
                        mlp,
                        mlpManifest(unique()).replace("[20]", "[1, 1, 1, 1, 20]"),
                        "manifest.input_shape",
                        "1 to 4 whole numbers"),
                new Bad(
                        "a fractional dimension",
                        mlp,
                        mlpManifest(unique()).replace("[20]", "[20.5]"),
                        "manifest.input_shape",
                        "1 to 4 whole numbers"),
                new Bad(
                        "an input too large",
                        mlp,
                        mlpManifest(unique()).replace("[20]", "[3, 4096, 4096]"),
                        "manifest.input_shape",
                        "more than the"),
                new Bad(
                        "float64",
                        mlp,
                        mlpManifest(unique()).replace("\"task\"", "\"input_dtype\": \"float64\", \"task\""),
                        "manifest.input_dtype",
                        "must be float32"),
                new Bad(
                        "an unknown task",
                        mlp,
                        mlpManifest(unique()).replace("classification", "ranking"),
                        "manifest.task",
                        "classification or regression"),
                new Bad(
                        "a classifier without classes",
                        mlp,
                        mlpManifest(unique()).replace(", \"classes\": 3", ""),
                        "manifest.classes",
                        "required for a classifier"),
                new Bad(
                        "one class",
                        mlp,
                        mlpManifest(unique()).replace("\"classes\": 3", "\"classes\": 1"),
                        "manifest.classes",
                        "from 2 to"),
                new Bad(
                        "a fractional count",
                        mlp,
                        mlpManifest(unique()).replace("\"classes\": 3", "\"classes\": 2.5"),
                        "manifest.classes",
                        "a whole number"),
                new Bad(
                        "a classifier with outputs",
                        mlp,
                        mlpManifest(unique()).replace("}", ", \"outputs\": 3}"),
                        "manifest.outputs",
                        "is not for a classifier, which has classes"),
                new Bad(
                        "a regressor with classes",
                        mlp,
                        mlpManifest(unique()).replace("classification", "regression"),
                        "manifest.classes",
                        "is not for a regressor, which has outputs"),
                new Bad(
                        "another loss",
                        mlp,
                        mlpManifest(unique()).replace("}", ", \"loss\": \"hinge\"}"),
                        "manifest.loss",
                        "must be cross_entropy"),
                new Bad(
                        "an unknown field",
                        mlp,
                        mlpManifest(unique()).replace("}", ", \"epochs\": 3}"),
                        "manifest.epochs",
                        "is not a manifest field"),
                new Bad(
                        "notes too long",
                        mlp,
                        mlpManifest(unique()).replace("}", ", \"notes\": \"%s\"}".formatted("x".repeat(10_001))),
                        "manifest.notes",
                        "at most 10000 characters"),
                new Bad(
                        "a name and version taken",
                        mlp,
                        mlpManifest(taken),
                        "manifest.version",
                        "a model %s:1 exists already".formatted(taken)));
        var wrong = new ArrayList<String>();
        for (var upload : bad) {
            var result = upload(upload.file(), upload.manifest()).andReturn().getResponse();
            String body = result.getContentAsString();
            if (result.getStatus() != 400
                    || !body.contains("\"field\":\"%s\"".formatted(upload.field()))
                    || !body.contains(upload.says())) {
                wrong.add("%s: %d %s".formatted(upload.why(), result.getStatus(), body));
            }
        }

        assertThat(wrong).isEmpty();
        assertThat(bad).hasSizeGreaterThanOrEqualTo(20);
        assertThat(jdbc.queryForObject("select count(*) from uploaded_model", Integer.class))
                .as("nothing of a refused upload stored")
                .isEqualTo(before);
        String stateDict =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(fixture("state_dict.pth")));
        assertThat(store.find(new ArtifactId(stateDict))).isEmpty();
        mvc.perform(multipart("/api/models")
                        .file(new MockMultipartFile(
                                "manifest",
                                "",
                                "application/json",
                                mlpManifest(unique()).getBytes())))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/api/models/" + UUID.randomUUID())).andExpect(status().isNotFound());
    }

    private static byte[] zipOf(String entry) throws Exception {
        var bytes = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write("not a model".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
