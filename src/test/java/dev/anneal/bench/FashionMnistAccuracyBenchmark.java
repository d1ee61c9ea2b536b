package dev.anneal.bench;

import dev.anneal.AnnealApplication;
import java.nio.file.Files;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/**
 * The default CNN on full Fashion-MNIST with SGD and warm restarts, launched over REST like any run: prints the test
 * accuracy and the minutes it took. The published small-CNN row (2 conv + pooling + batch norm) is 0.934.
 *
 * <p>Run with {@code ./mvnw -Pbench test-compile exec:exec@fashion-mnist} (about a quarter of an hour on 2 cores);
 * {@code -Dbench.run=FILE} launches the body in FILE instead, to try other settings.
 */
public final class FashionMnistAccuracyBenchmark {

    /** DESIGN.md's example launch: 15 epochs end exactly where the fourth cycle (1 + 2 + 4 + 8 epochs) does. */
    private static final String RUN = """
            {"name": "fmnist-cnn-sgdr", "experiment": "benchmarks", "tags": ["sgdr"],
             "dataset": {"name": "fashion-mnist", "val_fraction": 0.1},
             "model": {"name": "cnn"},
             "optimizer": {"name": "sgd", "momentum": 0.9, "nesterov": true, "weight_decay": 5e-4},
             "schedule": {"base_lr": 0.05, "eta_min": 0.0, "t_max": 1, "t_mult": 2, "unit": "epoch"},
             "training": {"epochs": 15, "batch_size": 128, "seed": 42, "device": "auto"}}""";

    private FashionMnistAccuracyBenchmark() {}

    public static void main(String[] args) throws Exception {
        var home = Files.createTempDirectory("anneal-bench");
        try (var app = SpringApplication.run(
                AnnealApplication.class,
                "--server.port=0",
                "--logging.level.root=WARN",
                "--anneal.database.data-dir=" + home.resolve("postgres"),
                "--anneal.checkpoints.dir=" + home.resolve("checkpoints"),
                "--anneal.artifacts.dir=" + home.resolve("artifacts"))) {
            String base = "http://localhost:"
                    + ((WebServerApplicationContext) app).getWebServer().getPort();
            String body = System.getProperty("bench.run", "").isBlank()
                    ? RUN
                    : Files.readString(java.nio.file.Path.of(System.getProperty("bench.run")));
            System.out.println("launching " + body.replaceAll("\\s+", " "));
            long start = System.nanoTime();
            var run = new BenchRuns(base).launchAndAwait(body);
            double minutes = (System.nanoTime() - start) / 60e9;
            var summary = run.get("summary");
            System.out.printf(
                    "status %s: test accuracy %s, best validation accuracy %s, %d steps, training %.1f min, launch to"
                            + " done %.1f min%n",
                    run.get("status").asString(),
                    summary.get("test_acc"),
                    summary.get("best_val_acc"),
                    run.get("progress").get("step").asLong(),
                    summary.get("wall_seconds").asDouble() / 60,
                    minutes);
            if (summary.hasNonNull("averaged")) {
                System.out.println("finished with the weight average: " + summary.get("averaged"));
            }
            // the whole summary too: a range test's findings, a snapshot ensemble's figures
            System.out.println("summary " + summary);
            if (run.hasNonNull("error")) {
                System.out.println("error: " + run.get("error").asString());
            }
        }
    }
}
