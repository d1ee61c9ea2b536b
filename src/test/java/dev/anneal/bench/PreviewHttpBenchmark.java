package dev.anneal.bench;

import dev.anneal.AnnealApplication;
import dev.anneal.access.TestAccounts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/**
 * Times a 100 000-point {@code POST /api/schedules/preview} end to end: the running application on a real port, JSON
 * in and out over HTTP. Prints the median, 90th percentile and best of the measured requests.
 *
 * <p>Run with {@code ./mvnw -Pbench test-compile exec:exec@preview-http}.
 */
public final class PreviewHttpBenchmark {

    private static final String BODY = """
            {"schedule": {"base_lr": 0.1, "eta_min": 1e-4, "t_max": 1000, "t_mult": 2, "warmup": 500},
             "total_steps": 100000}""";

    private PreviewHttpBenchmark() {}

    public static void main(String[] args) throws Exception {
        int warmups = 20;
        int measured = 50;
        var dataDir = Files.createTempDirectory("anneal-bench");
        try (var app = SpringApplication.run(
                AnnealApplication.class,
                "--server.port=0",
                "--anneal.database.data-dir=" + dataDir.resolve("postgres"),
                "--logging.level.root=WARN")) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            var http = HttpClient.newHttpClient();
            var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/schedules/preview"))
                    .header("Authorization", TestAccounts.bearer())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(BODY))
                    .build();

            long bytes = 0;
            for (int i = 0; i < warmups; i++) {
                bytes = send(http, request);
            }
            double[] millis = new double[measured];
            for (int i = 0; i < measured; i++) {
                long start = System.nanoTime();
                send(http, request);
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
            Arrays.sort(millis);
            System.out.printf(
                    "preview of 100000 points over HTTP (%d bytes of JSON): median %.1f ms, p90 %.1f ms, best %.1f ms"
                            + " (%d requests after %d warm-up)%n",
                    bytes, millis[measured / 2], millis[measured * 9 / 10], millis[0], measured, warmups);
        }
    }

    private static long send(HttpClient http, HttpRequest request) throws Exception {
        var response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("preview answered " + response.statusCode());
        }
        return response.body().length;
    }
}
