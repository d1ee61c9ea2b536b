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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
             "training": {"epochs": 15, "batch_size": 128, "seed": %d, "device": "auto"}}""";

    /** Each pair trains with each of these seeds (its data split and shuffling; the built-in network's weights). */
    private static final List<Integer> SEEDS = List.of(1, 2, 3);

    private UploadedModelAccuracyBenchmark() {}

    public static void main(String[] args) throws Exception {
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
            var runs = new BenchRuns(base);
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
                var differences = new ArrayList<Double>();
                for (int seed : SEEDS) {
                    var uploaded = train(runs, pair, "uploaded", pair.uploaded(), seed);
                    var builtIn = train(runs, pair, "built-in", pair.builtIn(), seed);
                    double a = uploaded.path("summary").path(pair.figure()).asDouble();
                    double b = builtIn.path("summary").path(pair.figure()).asDouble();
                    differences.add((a - b) * 100);
                    System.out.printf(
                            "%s, seed %d: uploaded module %.4f (%s, %.1f min), built-in %.4f (%s, %.1f min):"
                                    + " %+.2f points%n",
                            pair.what(),
                            seed,
                            a,
                            uploaded.path("status").asString(),
                            uploaded.path("summary").path("wall_seconds").asDouble() / 60,
                            b,
                            builtIn.path("status").asString(),
                            builtIn.path("summary").path("wall_seconds").asDouble() / 60,
                            (a - b) * 100);
                }
                System.out.printf(
                        "%s: uploaded minus built-in, mean %+.2f points over %d seeds (each: %s)%n",
                        pair.what(),
                        differences.stream()
                                .mapToDouble(Double::doubleValue)
                                .average()
                                .orElseThrow(),
                        differences.size(),
                        differences.stream().map("%+.2f"::formatted).toList());
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

    private static JsonNode train(BenchRuns runs, Pair pair, String side, String model, int seed) throws Exception {
        var run = runs.launchAndAwait(
                RUN.formatted(pair.dataset() + "-" + side + "-" + seed, pair.dataset(), model, pair.baseLr(), seed));
        System.out.println(
                side + " " + pair.dataset() + ": " + run.path("status").asString() + " " + run.path("summary")
                        + (run.hasNonNull("error") ? " error: " + run.get("error") : ""));
        return run;
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
