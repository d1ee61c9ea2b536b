package dev.anneal.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * Uploading datasets — a CSV, an {@code .npz}, an image-folder zip — read whole and described at upload, kept by
 * content, listed, downloaded and deleted; every bad upload refused with a 400 naming the row, file or field, and
 * nothing of it stored. The files come from src/test/python/make_dataset_fixtures.py (Debian's NumPy).
 */
@SpringBootTest(properties = "db-scheduler.enabled=false")
@AutoConfigureMockMvc
@ActiveProfiles("test")
class DatasetApiTests {

    private static final Path DATASETS = Path.of("src/test/resources/datasets");

    @Autowired
    private MockMvc mvc;

    @Autowired
    private JsonMapper json;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private Datasets datasets;

    private ResultActions upload(byte[] file, String manifest) throws Exception {
        return mvc.perform(multipart("/api/datasets")
                .file(new MockMultipartFile("file", "data", "application/octet-stream", file))
                .file(new MockMultipartFile(
                        "manifest", "", "application/json", manifest.getBytes(StandardCharsets.UTF_8))));
    }

    private static byte[] fixture(String name) throws Exception {
        return Files.readAllBytes(DATASETS.resolve(name));
    }

    private static String unique() {
        return "d-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String csv(String name) {
        return """
                {"name": "%s", "format": "csv", "label": "species"}""".formatted(name);
    }

    private static String npz(String name) {
        return """
                {"name": "%s", "format": "npz"}""".formatted(name);
    }

    private static String images(String name) {
        return """
                {"name": "%s", "format": "image_folder", "image_size": [10, 10]}""".formatted(name);
    }

    private String idOf(ResultActions created) throws Exception {
        return json.readTree(created.andReturn().getResponse().getContentAsString())
                .get("id")
                .asString();
    }

    @Test
    void shouldReadACsvWithTextLabelsIntoClassesAndDescribeIt() throws Exception {
        var id = idOf(upload(fixture("blobs.csv"), csv(unique()))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.format").value("csv"))
                .andExpect(jsonPath("$.description.examples.train").value(120))
                .andExpect(jsonPath("$.description.example_shape[0]").value(4))
                .andExpect(jsonPath("$.description.task").value("classification"))
                .andExpect(jsonPath("$.description.class_count").value(3))
                .andExpect(jsonPath("$.description.classes[0].name").value("setosa"))
                .andExpect(jsonPath("$.description.feature_range.min").isNumber()));
        var data = datasets.read(UUID.fromString(id));

        assertThat(data.train().count()).isEqualTo(120);
        assertThat(data.train().features()).hasSize(480);
        assertThat(data.train().features()[0]).isEqualTo(0.2149f); // a, b, c, d of the first row, the label left out
        assertThat(data.train().features()[2]).isEqualTo(-0.5921f);
        assertThat(data.classNames()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(data.train().targets()[0]).isZero();
        byte[] downloaded = mvc.perform(get("/api/datasets/" + id + "/file"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        assertThat(downloaded).isEqualTo(fixture("blobs.csv"));
        mvc.perform(delete("/api/datasets/" + id)).andExpect(status().isNoContent());
        mvc.perform(get("/api/datasets/" + id)).andExpect(status().isNotFound());
    }

    @Test
    void shouldRefuseToDeleteADatasetARunIsQueuedOnSayingWhich() throws Exception {
        String name = unique();
        var id = idOf(upload(fixture("blobs.csv"), csv(name)));
        var run = json.readTree(mvc.perform(post("/api/runs")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                        {"name": "on-%s", "dataset": {"artifact": "%s"}, "model": {"name": "mlp"},
                         "schedule": {"base_lr": 0.1, "t_max": 1}}""".formatted(name, name)))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString());

        mvc.perform(delete("/api/datasets/" + id))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail")
                        .value("the dataset %s is in use by a queued or training run (on-%s): delete it once they end"
                                .formatted(name, name)));
        mvc.perform(post("/api/runs/" + run.get("id").asString() + "/cancel")).andExpect(status().isOk());
        mvc.perform(delete("/api/datasets/" + id)).andExpect(status().isNoContent());
    }

    @Test
    void shouldShowADatasetsPageWithItsClassesExamplesAndTheRunsOnIt() throws Exception {
        String pictures = unique();
        var picturesId = idOf(upload(fixture("images.zip"), images(pictures)));
        String table = unique();
        var tableId = idOf(upload(fixture("blobs.csv"), csv(table)));
        mvc.perform(post("/api/runs").contentType(MediaType.APPLICATION_JSON).content("""
                {"name": "on-%s", "dataset": {"artifact": "%s"}, "model": {"name": "mlp"},
                 "schedule": {"base_lr": 0.1, "t_max": 1}}""".formatted(table, table)))
                .andExpect(status().isCreated());

        String picturesPage = mvc.perform(get("/datasets/" + picturesId))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(picturesPage)
                .contains("<h1>%s</h1>".formatted(pictures))
                .contains("<th scope=\"row\">circle</th>")
                .contains("<meter min=\"0\" max=\"9\" value=\"9\">9</meter>")
                .contains("<td>1 × 10 × 10</td>")
                .contains("No run has used this dataset yet.");
        // both classes show, a thumbnail each in turn: circle, square, circle, …
        assertThat(picturesPage.split("<img src=\"data:image/png;base64,", -1)).hasSize(1 + 12);
        assertThat(picturesPage)
                .containsSubsequence("an example of circle", "an example of square", "an example of circle");

        String tablePage = mvc.perform(get("/datasets/" + tableId))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(tablePage)
                .as("its examples as rows under the CSV's own column names, the label column apart")
                .containsSubsequence(">a</th>", ">b</th>", ">c</th>", ">d</th>", ">Label</th>")
                .containsSubsequence("<td class=\"num\">0.2149</td>", "<td>setosa</td>")
                .contains(">on-%s</a>".formatted(table))
                .contains("1 run");
        mvc.perform(get("/datasets"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("href=\"/datasets/%s\">%s</a>".formatted(tableId, table))));
    }

    @Test
    void shouldKeepAnNpzsOwnSplitsAndReadImageShapedArrays() throws Exception {
        upload(fixture("blobs.npz"), npz(unique()))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.description.examples.train").value(120))
                .andExpect(jsonPath("$.description.examples.validation").value(30))
                .andExpect(jsonPath("$.description.examples.test").value(30))
                .andExpect(jsonPath("$.description.classes[2].name").value("2"));
        upload(fixture("pictures.npz"), npz(unique()))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.description.example_shape.length()").value(3))
                .andExpect(jsonPath("$.description.example_shape[1]").value(8))
                .andExpect(jsonPath("$.description.examples.validation").doesNotExist());
        var regression = npz(unique()).replace("}", ", \"task\": \"regression\"}");
        upload(fixture("blobs.npz"), regression)
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.description.task").value("regression"))
                .andExpect(jsonPath("$.description.target_range.max").value(2.0));
    }

    @Test
    void shouldReadAnImageFolderResizedWithAClassAFolder() throws Exception {
        var id = idOf(upload(fixture("images.zip"), images(unique()))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.description.examples.train").value(17))
                .andExpect(jsonPath("$.description.example_shape[0]").value(1))
                .andExpect(jsonPath("$.description.example_shape[1]").value(10))
                .andExpect(jsonPath("$.description.classes[0].name").value("circle"))
                .andExpect(jsonPath("$.description.classes[1].count").value(9))
                .andExpect(jsonPath("$.description.feature_range.max").value(1.0)));
        var data = datasets.read(UUID.fromString(id));

        assertThat(data.train().features()).hasSize(17 * 100);
        assertThat(data.train().features()[55]).as("a circle's middle is white").isEqualTo(1.0f);
        assertThat(data.train().features()[0]).as("its corner black").isZero();
        upload(fixture("images.zip"), images(unique()).replace("}", ", \"channels\": 3}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.description.example_shape[0]").value(3));
    }

    @Test
    void shouldKeepTheSplitsAnImageFolderGivesAsTrainValAndTestFolders() throws Exception {
        byte[] circle = fixtureEntry("images.zip", "shapes/circle/0.png");
        byte[] square = fixtureEntry("images.zip", "shapes/square/0.png");
        var id = idOf(upload(
                        zipOf(
                                "fashion/train/circle/0.png", circle,
                                "fashion/train/square/0.png", square,
                                "fashion/train/square/1.png", square,
                                "fashion/val/square/2.png", square,
                                "fashion/test/circle/1.png", circle),
                        images(unique()))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.description.examples.train").value(3))
                .andExpect(jsonPath("$.description.examples.validation").value(1))
                .andExpect(jsonPath("$.description.examples.test").value(1))
                .andExpect(jsonPath("$.description.classes[0].name").value("circle"))
                .andExpect(jsonPath("$.description.classes[0].count").value(2)));
        var data = datasets.read(UUID.fromString(id));

        assertThat(data.train().targets()).containsExactly(0, 1, 1);
        assertThat(data.validation().targets()).containsExactly(1);
        assertThat(data.test().targets()).containsExactly(0);
        assertThat(data.test().features()[55]).as("the test circle's middle").isEqualTo(1.0f);
    }

    /** A bad upload: its file and manifest, the field it is refused for, and what the refusal says. */
    private record Bad(String why, byte[] file, String manifest, String field, String says) {}

    @Test
    void shouldRefuseEveryBadUploadNamingTheRowFileOrFieldAndStoreNothing() throws Exception {
        String taken = unique();
        upload(fixture("blobs.npz"), npz(taken)).andExpect(status().isCreated());
        int before = jdbc.queryForObject("select count(*) from uploaded_dataset", Integer.class);
        byte[] blobs = fixture("blobs.csv");
        var bad = List.of(
                new Bad(
                        "no label column",
                        blobs,
                        csv(unique()).replace("species", "kind"),
                        "manifest.label",
                        "the CSV header has no column \"kind\"; it has \"a\", \"b\", \"species\""),
                new Bad(
                        "a ragged row",
                        text("a,b,species\n1,2,x\n3,y\n"),
                        csv(unique()),
                        "file",
                        "line 3 has 2 columns, but the header has 3"),
                new Bad(
                        "a word for a number",
                        text("a,b,species\n1,2,x\n3,three,y\n"),
                        csv(unique()),
                        "file",
                        "line 3, column \"b\": \"three\" is not a finite number"),
                new Bad(
                        "an empty field",
                        text("a,b,species\n1,,x\n3,4,y\n"),
                        csv(unique()),
                        "file",
                        "line 2, column \"b\": an empty field is not a finite number"),
                new Bad(
                        "infinity",
                        text("a,b,species\n1,Infinity,x\n3,4,y\n"),
                        csv(unique()),
                        "file",
                        "is not a finite number"),
                new Bad(
                        "an unclosed quote",
                        text("a,b,species\n1,2,\"x\n"),
                        csv(unique()),
                        "file",
                        "line 2 has a quote that is never closed"),
                new Bad("only a header", text("a,b,species\n"), csv(unique()), "file", "a header but no rows"),
                new Bad("an empty CSV", new byte[0], csv(unique()), "file", "the CSV file is empty"),
                new Bad("only the label", text("species\nx\ny\n"), csv(unique()), "file", "no features"),
                new Bad(
                        "one class",
                        text("a,species\n1,x\n2,x\n"),
                        csv(unique()),
                        "file",
                        "every example has the same class"),
                new Bad(
                        "text for a regression",
                        blobs,
                        csv(unique()).replace("}", ", \"task\": \"regression\"}"),
                        "manifest.task",
                        "a regression's labels must be numbers"),
                new Bad(
                        "not UTF-8",
                        new byte[] {'a', ',', 's', 'p', 'e', 'c', 'i', 'e', 's', '\n', (byte) 0xff, ',', 'x'},
                        csv(unique()),
                        "file",
                        "not UTF-8"),
                new Bad(
                        "labels of numbers and text",
                        text("a,species\n1,0\n2,cat\n"),
                        csv(unique()),
                        "file",
                        "column \"species\" mixes numbers and text: line 3 holds \"cat\""),
                new Bad(
                        "a negative dimension",
                        zipOf(
                                "x.npy",
                                npy("<f4", "(-1, 2)", new byte[0]),
                                "y.npy",
                                npy("<i8", "(2,)", longs(new float[] {0, 1}))),
                        npz(unique()),
                        "file",
                        "x.npy has a negative dimension"),
                new Bad(
                        "a shape past any bound",
                        zipOf("x.npy", npy("<f4", "(99999999999999, 99999999999999)", new byte[0])),
                        npz(unique()),
                        "file",
                        "x.npy holds more than the"),
                new Bad(
                        "a pickled object array",
                        fixture("objects.npz"),
                        npz(unique()),
                        "file",
                        "Python object (pickled)"),
                new Bad("Fortran order", fixture("fortran.npz"), npz(unique()), "file", "Fortran order"),
                new Bad(
                        "x and y of different lengths",
                        fixture("mismatched.npz"),
                        npz(unique()),
                        "file",
                        "x holds 10 examples but y 9 targets"),
                new Bad("an npz that is not a zip", blobs, npz(unique()), "file", "not an .npz archive"),
                new Bad(
                        "an npz without y",
                        zipOf("x.npy", fixtureEntry("blobs.npz", "x.npy")),
                        npz(unique()),
                        "file",
                        "needs arrays x and y"),
                new Bad(
                        "an npz with a stranger",
                        zipOf("z.npy", new byte[] {1}),
                        npz(unique()),
                        "file",
                        "the archive holds z.npy"),
                new Bad(
                        "fractional classes",
                        npzOf(new float[] {1, 2, 3, 4}, new float[] {0.5f, 1}),
                        npz(unique()).replace("}", ", \"task\": \"classification\"}"),
                        "file",
                        "y holds fractional numbers"),
                new Bad(
                        "a negative class",
                        npzOf(new float[] {1, 2, 3, 4}, new float[] {-1, 1}),
                        npz(unique()),
                        "file",
                        "a class label is -1.0"),
                new Bad(
                        "a NaN feature",
                        npzOf(new float[] {1, Float.NaN, 3, 4}, new float[] {0, 1}),
                        npz(unique()),
                        "file",
                        "x holds NaN at position 1"),
                new Bad(
                        "an image that is not one",
                        zipOf(
                                "a/x.png",
                                text("not a picture"),
                                "b/y.png",
                                fixtureEntry("images.zip", "shapes/circle/0.png")),
                        images(unique()),
                        "file",
                        "a/x.png is unreadable"),
                new Bad(
                        "a text file among images",
                        zipOf("a/notes.txt", text("hello")),
                        images(unique()),
                        "file",
                        "a/notes.txt is not a PNG or JPEG image"),
                new Bad(
                        "an image outside class folders",
                        zipOf("x.png", fixtureEntry("images.zip", "shapes/circle/0.png")),
                        images(unique()),
                        "file",
                        "x.png is not in a class folder"),
                new Bad(
                        "split folders, but none to train on",
                        zipOf(
                                "val/a/x.png",
                                fixtureEntry("images.zip", "shapes/circle/0.png"),
                                "test/b/x.png",
                                fixtureEntry("images.zip", "shapes/circle/0.png")),
                        images(unique()),
                        "file",
                        "the zip's top folders name splits (test/, val/) but none is train/"),
                new Bad(
                        "one class folder",
                        zipOf("a/x.png", fixtureEntry("images.zip", "shapes/circle/0.png")),
                        images(unique()),
                        "file",
                        "the zip has one class folder (a)"),
                new Bad(
                        "no image size",
                        fixture("images.zip"),
                        images(unique()).replace(", \"image_size\": [10, 10]", ""),
                        "manifest.image_size",
                        "must be [height, width]"),
                new Bad(
                        "a huge image size",
                        fixture("images.zip"),
                        images(unique()).replace("[10, 10]", "[10, 100000]"),
                        "manifest.image_size",
                        "must be [height, width]"),
                new Bad(
                        "two channels",
                        fixture("images.zip"),
                        images(unique()).replace("}", ", \"channels\": 2}"),
                        "manifest.channels",
                        "must be 1 (grey) or 3 (RGB)"),
                new Bad(
                        "images to regress",
                        fixture("images.zip"),
                        images(unique()).replace("}", ", \"task\": \"regression\"}"),
                        "manifest.task",
                        "its task is classification"),
                new Bad(
                        "a CSV without a label",
                        blobs,
                        csv(unique()).replace(", \"label\": \"species\"", ""),
                        "manifest.label",
                        "must name the CSV's target column"),
                new Bad(
                        "an unknown format",
                        blobs,
                        csv(unique()).replace("\"csv\"", "\"parquet\""),
                        "manifest.format",
                        "must be csv, npz or image_folder"),
                new Bad("a bad name", blobs, csv("a b"), "manifest.name", "letters, digits"),
                new Bad(
                        "an unknown field",
                        blobs,
                        csv(unique()).replace("}", ", \"rows\": 3}"),
                        "manifest.rows",
                        "is not a manifest field"),
                new Bad(
                        "a name taken",
                        fixture("blobs.npz"),
                        npz(taken),
                        "manifest.name",
                        "a dataset %s exists already".formatted(taken)));
        var wrong = new ArrayList<String>();
        for (var upload : bad) {
            var result = upload(upload.file(), upload.manifest()).andReturn().getResponse();
            String body = result.getContentAsString();
            if (result.getStatus() != 400
                    || !body.contains("\"field\":\"%s\"".formatted(upload.field()))
                    || !body.contains(json.writeValueAsString(upload.says()).replaceAll("^\"|\"$", ""))) {
                wrong.add("%s: %d %s".formatted(upload.why(), result.getStatus(), body));
            }
        }

        assertThat(wrong).isEmpty();
        assertThat(bad).hasSizeGreaterThanOrEqualTo(20);
        assertThat(jdbc.queryForObject("select count(*) from uploaded_dataset", Integer.class))
                .as("nothing of a refused upload stored")
                .isEqualTo(before);
    }

    /**
     * An .npz of float32 {@code x} (two examples of two features) and {@code y}, the y integral where every target is
     * whole (int64), as numpy.savez writes them.
     */
    private static byte[] npzOf(float[] x, float[] y) throws Exception {
        boolean whole = true;
        for (float target : y) {
            whole &= target == Math.rint(target);
        }
        var bytes = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("x.npy"));
            zip.write(npy("<f4", "(2, 2)", floats(x)));
            zip.putNextEntry(new ZipEntry("y.npy"));
            zip.write(whole ? npy("<i8", "(2,)", longs(y)) : npy("<f4", "(2,)", floats(y)));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static byte[] npy(String descr, String shape, byte[] data) {
        String header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }".formatted(descr, shape);
        header = header + " ".repeat(63 - (10 + header.length()) % 64) + "\n";
        var buffer = java.nio.ByteBuffer.allocate(10 + header.length() + data.length)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        buffer.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        buffer.putShort((short) header.length());
        buffer.put(header.getBytes(StandardCharsets.ISO_8859_1));
        buffer.put(data);
        return buffer.array();
    }

    private static byte[] floats(float[] values) {
        var buffer = java.nio.ByteBuffer.allocate(values.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            buffer.putFloat(value);
        }
        return buffer.array();
    }

    private static byte[] longs(float[] values) {
        var buffer = java.nio.ByteBuffer.allocate(values.length * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            buffer.putLong((long) value);
        }
        return buffer.array();
    }

    private static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] fixtureEntry(String archive, String entry) throws Exception {
        try (var zip = new java.util.zip.ZipFile(DATASETS.resolve(archive).toFile())) {
            return zip.getInputStream(zip.getEntry(entry)).readAllBytes();
        }
    }

    /** A zip of entries given as name, bytes, name, bytes, … */
    private static byte[] zipOf(Object... entries) throws Exception {
        var bytes = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < entries.length; i += 2) {
                zip.putNextEntry(new ZipEntry((String) entries[i]));
                zip.write((byte[]) entries[i + 1]);
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
