package dev.anneal.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anneal.AnnealProcess;
import dev.anneal.access.TestAccounts;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process training a run is stopped the ordinary way (SIGTERM) mid-epoch. It exits within the documented bound,
 * with no stack trace; the run checkpointed at the very step it stopped at and says so; after a restart it continues
 * from that step (not from its last epoch's checkpoint), logs every step once, and a browser signed in before the stop
 * is still signed in.
 */
class OrderlyStopTests {

    @TempDir
    Path home;

    private AnnealProcess app;

    @AfterEach
    void stop() throws InterruptedException {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void shouldCheckpointAtTheStopStepAndContinueThereAfterARestart() throws Exception {
        app = new AnnealProcess(home);
        app.start("first");
        app.issueToken();
        var browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        signIn(browser);
        String id = app.post("/api/runs", """
                {"dataset": {"name": "synthetic-spirals"},
                 "model": {"name": "mlp", "hidden": [64, 64]},
                 "schedule": {"base_lr": 0.05, "t_max": 1, "unit": "epoch"},
                 "training": {"epochs": 8, "batch_size": 16, "device": "cpu", "checkpoint_every_epochs": 1}}""").get("id").asString();
        long stepsPerEpoch = app.awaitEvent(id, "CHECKPOINT").get("step").asLong();
        // well into the second epoch, past its checkpoint, with six more epochs to go: progress shows up to a second
        // late, and a run of this size now trains thousands of steps a second
        app.awaitStep(id, stepsPerEpoch + 40);

        var took = app.stop();

        assertThat(took).as("the documented bound").isLessThan(Duration.ofSeconds(30));
        String stopping = app.log("first").substring(app.log("first").indexOf("Commencing graceful shutdown"));
        assertThat(stopping).doesNotContain("\tat ").doesNotContain("ERROR");
        var matcher = Pattern.compile("stopped for shutdown at step (\\d+)").matcher(stopping);
        assertThat(matcher.find()).as(stopping).isTrue();
        long stoppedAt = Long.parseLong(matcher.group(1));
        assertThat(stoppedAt).isGreaterThan(stepsPerEpoch + 40);

        app.start("second");
        var run = app.get("/api/runs/" + id + "?wait=240");

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        var interrupted = app.awaitEvent(id, "INTERRUPTED");
        assertThat(interrupted.get("step").asLong()).isEqualTo(stoppedAt);
        assertThat(interrupted.get("reason").asString())
                .isEqualTo("the server was stopped: checkpointed at step %d, where the run continues on the next start"
                        .formatted(stoppedAt));
        var continued = app.awaitEvent(id, "CONTINUED");
        assertThat(continued.get("step").asLong())
                .as("from the stop, not the epoch's checkpoint")
                .isEqualTo(stoppedAt);
        long total = run.get("progress").get("total_steps").asLong();
        var points = app.get("/api/runs/" + id + "/metrics?keys=lr&max_points=100000")
                .get("series")
                .get(0)
                .get("points");
        assertThat(points).hasSize((int) total);
        for (int step = 0; step < total; step++) {
            assertThat(points.get(step).get("step").asInt()).isEqualTo(step);
        }
        var signedIn = browser.send(
                HttpRequest.newBuilder(URI.create(app.url("/api/runs/" + id))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode())
                .as("the browser's session outlived the restart")
                .isEqualTo(200);
    }

    private void signIn(HttpClient browser) throws Exception {
        var form = browser.send(
                HttpRequest.newBuilder(URI.create(app.url("/login"))).build(), HttpResponse.BodyHandlers.ofString());
        var csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
        assertThat(csrf.find()).isTrue();
        var signedIn = browser.send(
                HttpRequest.newBuilder(URI.create(app.url("/login")))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("username=" + TestAccounts.USERNAME + "&password="
                                + URLEncoder.encode(TestAccounts.PASSWORD, StandardCharsets.UTF_8) + "&_csrf="
                                + csrf.group(1)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.headers().firstValue("Location"))
                .hasValueSatisfying(to -> assertThat(to).doesNotContain("error"));
    }
}
