package dev.anneal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anneal.access.TestAccounts;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Anneal in a process of its own, from the tests' classpath, on an embedded database under {@code home} that
 * outlives the process: what a test kills (SIGKILL: no shutdown hook runs) and starts again on the same data. Its
 * HTTP calls sign in with the tester's password until {@link #issueToken()} gives them a token.
 */
public final class AnnealProcess implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path home;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;
    private String token;

    public AnnealProcess(Path home) throws IOException {
        this.home = home;
        try (var socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
    }

    /** Starts Anneal, logging to {@code <name>.log} under the home, and waits until it answers its health check. */
    public void start(String name, String... arguments) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = new ArrayList<>(List.of(
                java,
                "-Dai.djl.offline=true",
                "-cp",
                System.getProperty("java.class.path"),
                AnnealApplication.class.getName(),
                "--server.port=" + port,
                "--anneal.database.data-dir=" + home.resolve("postgres"),
                "--anneal.checkpoints.dir=" + home.resolve("checkpoints"),
                "--anneal.artifacts.dir=" + home.resolve("artifacts"),
                "--db-scheduler.heartbeat-interval=1s",
                "--db-scheduler.missed-heartbeats-limit=4",
                "--db-scheduler.polling-interval=500ms"));
        command.addAll(List.of(arguments));
        var log = home.resolve(name + ".log");
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                var lines = Files.readAllLines(log);
                throw new IllegalStateException("Anneal exited:\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
            }
            try {
                var health = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"));
                if (http.send(health.build(), HttpResponse.BodyHandlers.ofString())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("Anneal did not start within two minutes");
    }

    /** Gets the tester a write token, which every later call sends; a restarted process reads it from the database. */
    public void issueToken() throws Exception {
        token = post("/api/tokens", """
                {"name": "process test", "scope": "write", "expires_in_days": 1}""").get("token").asString();
    }

    /** The write token {@link #issueToken()} got, for a client of another language to send. */
    public String token() {
        return token;
    }

    /** Stops the process the ordinary way, SIGTERM, and answers how long it took to exit (at most a minute). */
    public Duration stop() throws InterruptedException {
        long start = System.nanoTime();
        process.destroy(); // SIGTERM
        if (!process.waitFor(1, java.util.concurrent.TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("Anneal did not exit within a minute of SIGTERM");
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** What the process started as {@code name} logged. */
    public String log(String name) throws IOException {
        return Files.readString(home.resolve(name + ".log"));
    }

    /** The address of {@code path} on this process. */
    public String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** The run's first event of {@code kind}, waiting up to two minutes for it. */
    public JsonNode awaitEvent(String runId, String kind) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode event : get("/api/runs/" + runId + "/events").get("events")) {
                if (event.get("kind").asString().equals(kind)) {
                    return event;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + kind + " event");
    }

    /** Waits up to two minutes until the run has trained {@code step} steps. */
    public void awaitStep(String runId, long step) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (get("/api/runs/" + runId).get("progress").get("step").asLong() < step) {
            assertThat(System.nanoTime()).as("step %d reached in time", step).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** Kills the process as a crash would: SIGKILL, no shutdown. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    public JsonNode get(String path) throws Exception {
        return JSON.readTree(text(path));
    }

    public String text(String path) throws Exception {
        return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** POSTs {@code body} and expects {@code 201 Created}. */
    public JsonNode post(String path, String body) throws Exception {
        var response = http.send(
                request(path)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    private HttpRequest.Builder request(String path) {
        // the process has the tester (the tests' classpath) but tokens of its own: the password gets one
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", token == null ? TestAccounts.basic() : "Bearer " + token)
                .timeout(Duration.ofMinutes(5));
    }

    /** Stops the process gracefully, if it still runs. */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
    }
}
