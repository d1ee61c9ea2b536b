package dev.anneal.bench;

import dev.anneal.AnnealApplication;
import dev.anneal.access.TestAccounts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The same 12-trial grid (base_lr × t_mult × t_max) on a Fashion-MNIST subset, swept twice over REST: every trial to
 * its end, then with ASHA at cycle ends. Prints each sweep's trials, total steps trained and minutes, and whether the
 * two name the same best configuration.
 *
 * <p>Run with {@code ./mvnw -Pbench test-compile exec:exec@sweep} (about 20 minutes on 2 cores).
 */
public final class SweepBenchmark {

    private static final String GRID = """
            {"name": "%s", "experiment": "sweep-benchmark",
             "base": {"dataset": {"name": "fashion-mnist", "limit": 10000, "val_fraction": 0.1},
                      "model": {"name": "cnn"},
                      "optimizer": {"name": "sgd", "momentum": 0.9, "nesterov": true, "weight_decay": 5e-4},
                      "schedule": {"base_lr": 0.1, "t_max": 1, "unit": "epoch"},
                      "training": {"epochs": 6, "batch_size": 128, "seed": 42, "device": "auto"}},
             "parameters": {"schedule.base_lr": {"values": [0.01, 0.05, 0.2]},
                            "schedule.t_mult": {"values": [1, 2]},
                            "schedule.t_max": {"values": [1, 2]}},
             "metric": {"name": "val_loss"}, "parallelism": 1%s}""";

    private static final String ASHA = """
            , "early_terminate": {"type": "asha", "rung": "cycle_end", "eta": 3, "grace": 1, "min_peers": 3}""";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SweepBenchmark() {}

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
            var results = new ArrayList<JsonNode>();
            for (var variant : List.of(new String[] {"grid-full", ""}, new String[] {"grid-asha", ASHA})) {
                var sweep = run(base, GRID.formatted(variant[0], variant[1]));
                results.add(sweep);
                report(sweep);
            }
            var full = results.get(0).get("best");
            var asha = results.get(1).get("best");
            System.out.printf(
                    "same best configuration: %s (full %s, asha %s)%n",
                    full.get("params").equals(asha.get("params")), full.get("params"), asha.get("params"));
        }
    }

    private static JsonNode run(String base, String body) throws Exception {
        var http = HttpClient.newHttpClient();
        var created = http.send(
                request(base + "/api/sweeps")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException(created.body());
        }
        String id = JSON.readTree(created.body()).get("id").asString();
        var sweep = JSON.readTree(created.body());
        while (sweep.get("status").asString().equals("RUNNING")) {
            Thread.sleep(5_000);
            sweep = JSON.readTree(
                    http.send(request(base + "/api/sweeps/" + id).build(), HttpResponse.BodyHandlers.ofString())
                            .body());
        }
        return sweep;
    }

    private static void report(JsonNode sweep) {
        long steps = 0;
        System.out.printf("%n== %s: %s%n", sweep.get("name").asString(), sweep.get("counts"));
        for (var trial : sweep.get("trials")) {
            steps += trial.get("progress").get("step").asLong();
            var decision = trial.get("decision");
            System.out.printf(
                    "t%-2d %-55s %-9s steps %4d  val_loss %s  %s%n",
                    trial.get("index").asInt(),
                    trial.get("params"),
                    trial.get("status").asString(),
                    trial.get("progress").get("step").asLong(),
                    trial.get("metric"),
                    decision == null || decision.isNull()
                            ? ""
                            : decision.get("reason").asString());
        }
        double minutes = Duration.between(
                                Instant.parse(sweep.get("created_at").asString()),
                                Instant.parse(sweep.get("finished_at").asString()))
                        .toMillis()
                / 60_000.0;
        System.out.printf(
                "total %d steps, %.1f min; best %s val_loss %s%n",
                steps,
                minutes,
                sweep.get("best").get("params"),
                sweep.get("best").get("metric"));
        System.out.println("groups " + sweep.get("groups"));
    }

    private static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", TestAccounts.bearer())
                .timeout(Duration.ofMinutes(1));
    }
}
