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
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/**
 * What API-token authentication adds to {@code GET /api/runs/{id}}: the same request with a bearer token (a SHA-256
 * and an index lookup, and a last-use write at most once a minute) and with a signed-in session (looked up in
 * memory), taking turns so both meet the same machine. Prints median and p99 of each and the difference.
 *
 * <p>Run with {@code ./mvnw -Pbench test-compile exec:exec@token-auth}.
 */
public final class TokenAuthBenchmark {

    private static final int WARMUPS = 500;
    private static final int MEASURED = 3000;

    private TokenAuthBenchmark() {}

    public static void main(String[] args) throws Exception {
        var dataDir = Files.createTempDirectory("anneal-bench");
        try (var app = SpringApplication.run(
                AnnealApplication.class,
                "--server.port=0",
                "--anneal.database.data-dir=" + dataDir.resolve("postgres"),
                "--db-scheduler.enabled=false",
                "--logging.level.root=WARN")) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            String base = "http://localhost:" + port;
            var http = HttpClient.newHttpClient();
            String id = launch(http, base);
            String session = signIn(http, base);
            var byToken = HttpRequest.newBuilder(URI.create(base + "/api/runs/" + id))
                    .header("Authorization", TestAccounts.bearer())
                    .build();
            var bySession = HttpRequest.newBuilder(URI.create(base + "/api/runs/" + id))
                    .header("Cookie", session)
                    .build();

            for (int i = 0; i < WARMUPS; i++) {
                time(http, byToken);
                time(http, bySession);
            }
            double[] token = new double[MEASURED];
            double[] cookie = new double[MEASURED];
            for (int i = 0; i < MEASURED; i++) {
                token[i] = time(http, byToken);
                cookie[i] = time(http, bySession);
            }
            Arrays.sort(token);
            Arrays.sort(cookie);
            System.out.printf(
                    "GET /api/runs/{id}, %d requests each, taking turns after %d warm-up:%n"
                            + "  bearer token:     median %.3f ms, p99 %.3f ms%n"
                            + "  session cookie:   median %.3f ms, p99 %.3f ms%n"
                            + "  token auth adds:  %.3f ms at the median, %.3f ms at p99%n",
                    MEASURED,
                    WARMUPS,
                    median(token),
                    p99(token),
                    median(cookie),
                    p99(cookie),
                    median(token) - median(cookie),
                    p99(token) - p99(cookie));
        }
    }

    private static String launch(HttpClient http, String base) throws Exception {
        var response = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/runs"))
                        .header("Authorization", TestAccounts.bearer())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"name\": \"bench\", \"schedule\": {\"base_lr\": 0.1, \"t_max\": 5}}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        var matcher = Pattern.compile("\"id\":\"([0-9a-f-]+)\"").matcher(response.body());
        if (response.statusCode() != 201 || !matcher.find()) {
            throw new IllegalStateException("launch answered " + response.statusCode() + ": " + response.body());
        }
        return matcher.group(1);
    }

    /** Signs in through the sign-in form as a browser does; answers the session's cookie. */
    private static String signIn(HttpClient http, String base) throws Exception {
        var form = http.send(
                HttpRequest.newBuilder(URI.create(base + "/login")).build(), HttpResponse.BodyHandlers.ofString());
        String cookie = form.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        var csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
        if (!csrf.find()) {
            throw new IllegalStateException("the sign-in page holds no CSRF token");
        }
        var signedIn = http.send(
                HttpRequest.newBuilder(URI.create(base + "/login"))
                        .header("Cookie", cookie)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("username=" + TestAccounts.USERNAME + "&password="
                                + java.net.URLEncoder.encode(
                                        TestAccounts.PASSWORD, java.nio.charset.StandardCharsets.UTF_8)
                                + "&_csrf=" + csrf.group(1)))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        return signedIn.headers().firstValue("Set-Cookie").orElse(cookie).split(";")[0];
    }

    private static double time(HttpClient http, HttpRequest request) throws Exception {
        long start = System.nanoTime();
        var response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        double millis = (System.nanoTime() - start) / 1e6;
        if (response.statusCode() != 200) {
            throw new IllegalStateException("answered " + response.statusCode());
        }
        return millis;
    }

    private static double median(double[] sorted) {
        return sorted[sorted.length / 2];
    }

    private static double p99(double[] sorted) {
        return sorted[(int) (sorted.length * 0.99)];
    }
}
