package dev.anneal.bench;

import dev.anneal.AnnealApplication;
import dev.anneal.access.Actor;
import dev.anneal.access.Role;
import dev.anneal.access.TestAccounts;
import dev.anneal.library.DatasetManifest;
import dev.anneal.library.Datasets;
import dev.anneal.library.ModelManifest;
import dev.anneal.library.Models;
import dev.anneal.web.FieldErrors;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A team's own model and data against Anneal's, end to end: Anneal's CNN written as a scripted TorchScript module by
 * Debian's PyTorch (src/test/python/make_fashion_cnn.py) and the built-in CNN, each trained on the same image-folder
 * zip cut from Fashion-MNIST (train/ and test/ folders of PNGs, uploaded as a team would) with the same schedule,
 * optimizer, seed and budget; then a scripted MLP and the built-in MLP on a CSV of the same images pooled to 7×7.
 * Prints each run's test (or validation) accuracy and the difference in points; the goal is within one point.
 *
 * <p>Run with {@code ./mvnw -Pbench test-compile exec:exec@uploaded-model} (a quarter of an hour on 2 cores).
 */
public final class UploadedModelAccuracyBenchmark {

    private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");
    private static final List<String> CLASSES = List.of(
            "0-tshirt",
            "1-trouser",
            "2-pullover",
            "3-dress",
            "4-coat",
            "5-sandal",
            "6-shirt",
            "7-sneaker",
            "8-bag",
            "9-boot");
    private static final int TRAIN = 12_000;
    private static final int TEST = 2_000;

    /** DESIGN.md's example schedule: 15 epochs end where the fourth cycle (1 + 2 + 4 + 8 epochs) does. */
    private static final String RUN = """
            {"name": "%s", "experiment": "benchmarks", "tags": ["uploaded-model-benchmark"],
             "dataset": {"artifact": "%s", "val_fraction": 0.1},
             "model": %s,
             "optimizer": {"name": "sgd", "momentum": 0.9, "nesterov": true, "weight_decay": 5e-4},
             "schedule": {"base_lr": %s, "eta_min": 0.0, "t_max": 1, "t_mult": 2, "unit": "epoch"},
             "training": {"epochs": 15, "batch_size": 128, "seed": 42, "device": "auto"}}""";

    private UploadedModelAccuracyBenchmark() {}

    public static void main(String[] args) throws Exception {
        var json = JsonMapper.builder().build();
        var home = Files.createTempDirectory("anneal-bench");
        var images = readIdx("train-images-idx3-ubyte.gz", TRAIN, 28 * 28);
        var labels = readIdx("train-labels-idx1-ubyte.gz", TRAIN, 1);
        var testImages = readIdx("t10k-images-idx3-ubyte.gz", TEST, 28 * 28);
        var testLabels = readIdx("t10k-labels-idx1-ubyte.gz", TEST, 1);
        Path zip = home.resolve("fashion.zip");
        writeImageFolder(zip, images, labels, testImages, testLabels);
        Path csv = home.resolve("fashion-pooled.csv");
        writePooledCsv(csv, images, labels);
        Path cnn = python(home, "make_fashion_cnn.py", "fashion_cnn.pt");
        Path mlp = home.resolve("pooled_mlp.pt");
        run(
                "/usr/bin/python3",
                "-c",
                "import torch; from torch import nn; torch.manual_seed(0); torch.jit.script(nn.Sequential("
                        + "nn.Linear(49, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))).save('"
                        + mlp + "')");
        System.out.printf(
                "image folder: %d + %d PNGs, %d KB; CSV: %d rows of 49 pooled pixels, %d KB%n",
                TRAIN, TEST, Files.size(zip) / 1024, TRAIN, Files.size(csv) / 1024);

        try (var app = SpringApplication.run(
                AnnealApplication.class,
                "--server.port=0",
                "--logging.level.root=WARN",
                "--anneal.database.data-dir=" + home.resolve("postgres"),
                "--anneal.checkpoints.dir=" + home.resolve("checkpoints"),
                "--anneal.artifacts.dir=" + home.resolve("artifacts"))) {
            String base = "http://localhost:"
                    + ((WebServerApplicationContext) app).getWebServer().getPort();
            var actor = new Actor(TestAccounts.USERNAME, Role.MEMBER);
            var models = app.getBean(Models.class);
            var datasets = app.getBean(Datasets.class);
            try (var in = Files.newInputStream(cnn)) {
                models.upload(actor, modelManifest("fashion-cnn", List.of(1L, 28L, 28L)), in);
            }
            try (var in = Files.newInputStream(mlp)) {
                models.upload(actor, modelManifest("pooled-mlp", List.of(49L)), in);
            }
            try (var in = Files.newInputStream(zip)) {
                datasets.upload(
                        actor,
                        datasetManifest(Map.of(
                                "name", "fashion-folder", "format", "image_folder", "image_size", List.of(28, 28))),
                        in);
            }
            try (var in = Files.newInputStream(csv)) {
                datasets.upload(
                        actor,
                        datasetManifest(Map.of("name", "fashion-pooled", "format", "csv", "label", "label")),
                        in);
            }
            var http = HttpClient.newHttpClient();
            var pairs = List.of(
                    new Pair(
                            "CNN on the image folder, test accuracy",
                            "fashion-folder",
                            "{\"artifact\": \"fashion-cnn:1\"}",
                            "{\"name\": \"cnn\"}",
                            "0.05",
                            "test_acc"),
                    new Pair(
                            "MLP on the CSV, best validation accuracy (a CSV gives no test split)",
                            "fashion-pooled",
                            "{\"artifact\": \"pooled-mlp:1\"}",
                            "{\"name\": \"mlp\", \"hidden\": [64, 64]}",
                            "0.1",
                            "best_val_acc"));
            for (var pair : pairs) {
                var uploaded = train(http, json, base, pair, "uploaded", pair.uploaded());
                var builtIn = train(http, json, base, pair, "built-in", pair.builtIn());
                double a = uploaded.path("summary").path(pair.figure()).asDouble();
                double b = builtIn.path("summary").path(pair.figure()).asDouble();
                System.out.printf(
                        "%s: uploaded module %.4f (%s, %.1f min), built-in %.4f (%s, %.1f min): %+.2f points%n",
                        pair.what(),
                        a,
                        uploaded.path("status").asString(),
                        uploaded.path("summary").path("wall_seconds").asDouble() / 60,
                        b,
                        builtIn.path("status").asString(),
                        builtIn.path("summary").path("wall_seconds").asDouble() / 60,
                        (a - b) * 100);
            }
        }
    }

    /** Two runs to compare: the uploaded model and the built-in one, on one dataset, read by one figure. */
    private record Pair(String what, String dataset, String uploaded, String builtIn, String baseLr, String figure) {}

    private static ModelManifest modelManifest(String name, List<Long> inputShape) throws Exception {
        var errors = new FieldErrors();
        var manifest = ModelManifest.read(
                Map.of(
                        "name",
                        name,
                        "version",
                        "1",
                        "input_shape",
                        inputShape,
                        "task",
                        "classification",
                        "classes",
                        10),
                errors);
        errors.throwIfAny();
        return manifest;
    }

    private static DatasetManifest datasetManifest(Map<String, Object> given) throws Exception {
        var errors = new FieldErrors();
        var manifest = DatasetManifest.read(given, errors);
        errors.throwIfAny();
        return manifest;
    }

    private static JsonNode train(HttpClient http, JsonMapper json, String base, Pair pair, String side, String model)
            throws Exception {
        String body = RUN.formatted(pair.dataset() + "-" + side, pair.dataset(), model, pair.baseLr());
        var launched = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/runs"))
                        .header("Authorization", TestAccounts.bearer())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (launched.statusCode() != 201) {
            throw new IllegalStateException("launch refused: " + launched.body());
        }
        String id = json.readTree(launched.body()).get("id").asString();
        JsonNode run = json.readTree("{}");
        for (int i = 0; i < 30 && !isTerminal(run); i++) {
            run = json.readTree(http.send(
                            HttpRequest.newBuilder(URI.create(base + "/api/runs/" + id + "?wait=300"))
                                    .header("Authorization", TestAccounts.bearer())
                                    .timeout(Duration.ofMinutes(6))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
        }
        System.out.println(
                side + " " + pair.dataset() + ": " + run.path("status").asString() + " " + run.path("summary")
                        + (run.hasNonNull("error") ? " error: " + run.get("error") : ""));
        return run;
    }

    private static boolean isTerminal(JsonNode run) {
        var status = run.path("status").asString("");
        return status.equals("SUCCEEDED") || status.equals("FAILED") || status.equals("CANCELLED");
    }

    /** The first {@code count} records of {@code size} bytes of an IDX file, past its header. */
    private static byte[][] readIdx(String file, int count, int size) throws IOException {
        try (var in = new DataInputStream(new GZIPInputStream(Files.newInputStream(FASHION.resolve(file))))) {
            int dimensions = in.readInt() & 0xff;
            for (int i = 0; i < dimensions; i++) {
                in.readInt();
            }
            var records = new byte[count][];
            for (int i = 0; i < count; i++) {
                records[i] = in.readNBytes(size);
            }
            return records;
        }
    }

    /** A zip as a team would make one: {@code train/<class>/<n>.png} and {@code test/<class>/<n>.png}. */
    private static void writeImageFolder(Path zip, byte[][] images, byte[][] labels, byte[][] test, byte[][] testLabels)
            throws IOException {
        try (var out = new ZipOutputStream(Files.newOutputStream(zip))) {
            addImages(out, "train", images, labels);
            addImages(out, "test", test, testLabels);
        }
    }

    private static void addImages(ZipOutputStream out, String split, byte[][] images, byte[][] labels)
            throws IOException {
        for (int i = 0; i < images.length; i++) {
            var image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            image.getRaster().setDataElements(0, 0, 28, 28, images[i]);
            var png = new ByteArrayOutputStream();
            ImageIO.write(image, "png", png);
            out.putNextEntry(new ZipEntry("%s/%s/%d.png".formatted(split, CLASSES.get(labels[i][0]), i)));
            out.write(png.toByteArray());
            out.closeEntry();
        }
    }

    /** Each image averaged over 4×4 squares (7×7 values from 0 to 1), and its class's name in a {@code label} column. */
    private static void writePooledCsv(Path csv, byte[][] images, byte[][] labels) throws IOException {
        try (OutputStream out = Files.newOutputStream(csv)) {
            var header = new ArrayList<String>();
            for (int i = 0; i < 49; i++) {
                header.add("p" + i);
            }
            header.add("label");
            out.write((String.join(",", header) + "\n").getBytes(StandardCharsets.UTF_8));
            for (int n = 0; n < images.length; n++) {
                var row = new StringBuilder();
                for (int y = 0; y < 7; y++) {
                    for (int x = 0; x < 7; x++) {
                        int sum = 0;
                        for (int dy = 0; dy < 4; dy++) {
                            for (int dx = 0; dx < 4; dx++) {
                                sum += images[n][(y * 4 + dy) * 28 + x * 4 + dx] & 0xff;
                            }
                        }
                        row.append("%.4f,".formatted(sum / 16.0 / 255));
                    }
                }
                row.append(CLASSES.get(labels[n][0])).append('\n');
                out.write(row.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static Path python(Path home, String script, String file) throws Exception {
        Path out = home.resolve(file);
        run("/usr/bin/python3", "src/test/python/" + script, out.toString());
        return out;
    }

    private static void run(String... command) throws Exception {
        var process = new ProcessBuilder(command).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(
                    String.join(" ", command) + " failed: is Debian's python3-torch installed?");
        }
    }
}
