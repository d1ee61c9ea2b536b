package dev.anneal.bench;

import dev.anneal.AnnealApplication;
import dev.anneal.access.TestAccounts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/**
 * What a script's logging costs the server, on the durable embedded database: (1) the native API from one client,
 * batches of 100 000 points (5 series of 20 000 steps with wall times), points stored a second; (2) MLflow's
 * {@code log-batch} of 1 000 metrics (its limit), the latency of each request. Request bodies are built before the
 * clock starts, so the figures are the server's, as a client that encodes fast would see them.
 *
 * <p>Run with {@code ./mvnw -Pbench test-compile exec:exec@ingest}; arguments {@code native} or {@code mlflow} run
 * one part (an older build without MLflow's API runs the first).
 */
public final class IngestBenchmark {

    private static final int NATIVE_BATCHES = 12;
    private static final int NATIVE_WARMUPS = 2;
    private static final int STEPS_A_SERIES = 20_000;
    private static final int SERIES = 5;
    private static final int MLFLOW_WARMUPS = 50;
    private static final int MLFLOW_MEASURED = 300;

    private IngestBenchmark() {}

    public static void main(String[] args) throws Exception {
        var dataDir = Files.createTempDirectory("anneal-bench");
        try (var app = SpringApplication.run(
                AnnealApplication.class,
                "--server.port=0",
                "--anneal.database.data-dir=" + dataDir.resolve("postgres"),
                "--anneal.artifacts.dir=" + dataDir.resolve("artifacts"),
                "--db-scheduler.enabled=false",
                "--logging.level.root=WARN")) {
            String base = "http://localhost:"
                    + ((WebServerApplicationContext) app).getWebServer().getPort();
            var http = HttpClient.newHttpClient();
            var parts = args.length == 0 ? java.util.List.of("native", "mlflow") : java.util.List.of(args);
            if (parts.contains("native")) {
                nativeApi(http, base);
            }
            if (parts.contains("mlflow")) {
                mlflowLogBatch(http, base);
            }
        }
    }

    private static void nativeApi(HttpClient http, String base) throws Exception {
        String run = create(http, base, "/api/runs", "{\"kind\": \"external\", \"name\": \"ingest benchmark\"}", "id");
        double[] seconds = new double[NATIVE_BATCHES];
        for (int batch = 0; batch < NATIVE_WARMUPS + NATIVE_BATCHES; batch++) {
            int first = batch * STEPS_A_SERIES;
            String steps = IntStream.range(first, first + STEPS_A_SERIES)
                    .mapToObj(Integer::toString)
                    .collect(Collectors.joining(","));
            String times = IntStream.range(first, first + STEPS_A_SERIES)
                    .mapToObj(step -> Long.toString(1_765_000_000_000L + step))
                    .collect(Collectors.joining(","));
            String body = IntStream.range(0, SERIES)
                    .mapToObj(key -> "{\"key\": \"m%d\", \"steps\": [%s], \"values\": [%s], \"times\": [%s]}"
                            .formatted(
                                    key,
                                    steps,
                                    IntStream.range(first, first + STEPS_A_SERIES)
                                            .mapToObj(step -> Double.toString(Math.sin(step * 0.001) + key))
                                            .collect(Collectors.joining(",")),
                                    times))
                    .collect(Collectors.joining(",", "{\"metrics\": [", "]}"));
            double took = post(http, base + "/api/runs/" + run + "/log", body);
            if (batch >= NATIVE_WARMUPS) {
                seconds[batch - NATIVE_WARMUPS] = took;
            }
        }
        double total = Arrays.stream(seconds).sum();
        Arrays.sort(seconds);
        int points = SERIES * STEPS_A_SERIES;
        System.out.printf(
                "native /log, one client, %d batches of %,d points after %d warm-up: %,.0f points/s overall,"
                        + " %,.0f at the median batch (%.0f ms)%n",
                NATIVE_BATCHES,
                points,
                NATIVE_WARMUPS,
                NATIVE_BATCHES * points / total,
                points / seconds[NATIVE_BATCHES / 2],
                1000 * seconds[NATIVE_BATCHES / 2]);
    }

    private static void mlflowLogBatch(HttpClient http, String base) throws Exception {
        String experiment = create(
                http,
                base,
                "/api/2.0/mlflow/experiments/create",
                "{\"name\": \"ingest benchmark %d\"}".formatted(System.nanoTime()),
                "experiment_id");
        String run = runId(http, base, experiment);
        double[] millis = new double[MLFLOW_MEASURED];
        for (int request = 0; request < MLFLOW_WARMUPS + MLFLOW_MEASURED; request++) {
            int first = request * 200;
            String metrics = IntStream.range(0, 1000)
                    .mapToObj(i -> "{\"key\": \"m%d\", \"value\": %s, \"timestamp\": %d, \"step\": %d}"
                            .formatted(i % 5, Math.cos(i), 1_765_000_000_000L + first + i / 5, first + i / 5))
                    .collect(Collectors.joining(","));
            double took = post(
                    http,
                    base + "/api/2.0/mlflow/runs/log-batch",
                    "{\"run_id\": \"%s\", \"metrics\": [%s]}".formatted(run, metrics));
            if (request >= MLFLOW_WARMUPS) {
                millis[request - MLFLOW_WARMUPS] = 1000 * took;
            }
        }
        Arrays.sort(millis);
        System.out.printf(
                "MLflow log-batch of 1 000 metrics, %d requests after %d warm-up: median %.1f ms, p95 %.1f ms,"
                        + " max %.1f ms%n",
                MLFLOW_MEASURED,
                MLFLOW_WARMUPS,
                millis[MLFLOW_MEASURED / 2],
                millis[(int) (MLFLOW_MEASURED * 0.95)],
                millis[MLFLOW_MEASURED - 1]);
    }

    private static double post(HttpClient http, String url, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", TestAccounts.bearer())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        long start = System.nanoTime();
        var response = http.send(request, HttpResponse.BodyHandlers.ofString());
        double took = (System.nanoTime() - start) / 1e9;
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + ": " + response.statusCode() + " " + response.body());
        }
        return took;
    }

    private static String create(HttpClient http, String base, String path, String body, String field)
            throws Exception {
        var response = http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", TestAccounts.bearer())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        var matcher = Pattern.compile("\"" + field + "\":\"([^\"]+)\"").matcher(response.body());
        if (!matcher.find()) {
            throw new IllegalStateException(path + ": " + response.statusCode() + " " + response.body());
        }
        return matcher.group(1);
    }

    private static String runId(HttpClient http, String base, String experiment) throws Exception {
        return create(
                http,
                base,
                "/api/2.0/mlflow/runs/create",
                "{\"experiment_id\": \"%s\", \"run_name\": \"log-batch\"}".formatted(experiment),
                "run_id");
    }
}
