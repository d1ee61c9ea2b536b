package dev.anneal.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

/**
 * Training runs survive their database going away: Debian's PostgreSQL server, which {@code .ci/run} installs and
 * starts ({@code .ci/restartable-postgres}), restarted with {@code pg_ctlcluster … restart -m immediate} (a crash, as
 * far as clients can tell) or stopped for longer than the outage tolerance, while a real run trains on it.
 */
@SpringBootTest(properties = {"anneal.database.outage-tolerance=10s", "anneal.jobs.dispatch-interval=2s"})
@AutoConfigureMockMvc
@ActiveProfiles("test")
class DatabaseRestartTests {

    private static final Duration OUTAGE_TOLERANCE = Duration.ofSeconds(10);
    private static final String ADMIN_URL = required("ANNEAL_TEST_POSTGRES_URL");
    private static final String CLUSTER = required("ANNEAL_TEST_POSTGRES_CLUSTER");
    private static final String DATABASE =
            "anneal_restart_" + UUID.randomUUID().toString().substring(0, 8);
    /** Long enough (some seconds at this machine's 2 000 steps/s) that the restart comes while the run trains. */
    private static final int EPOCHS = 64;

    private static final long STEPS = EPOCHS * 250; // 20 000 examples, a fifth held out, in batches of 64

    @Autowired
    private MockMvc mvc;

    @Autowired
    private JsonMapper json;

    /** The test's own connections, outside the application's pools, for watching the run through the outage. */
    private final JdbcTemplate watcher = new JdbcTemplate(new DriverManagerDataSource(databaseUrl()));

    private static String required(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(variable + " is not set: this test needs Debian's PostgreSQL server, which"
                    + " .ci/run sets up; as root, run: eval \"$(.ci/restartable-postgres)\"");
        }
        return value;
    }

    private static String databaseUrl() {
        return ADMIN_URL.replaceFirst("/postgres\\?", "/" + DATABASE + "?");
    }

    @DynamicPropertySource
    static void pointAtTheRestartableServer(DynamicPropertyRegistry registry) {
        new JdbcTemplate(new DriverManagerDataSource(ADMIN_URL)).execute("create database " + DATABASE);
        registry.add("spring.datasource.url", DatabaseRestartTests::databaseUrl);
    }

    @AfterAll
    static void dropTheDatabase() {
        new JdbcTemplate(new DriverManagerDataSource(ADMIN_URL))
                .execute("drop database if exists " + DATABASE + " with (force)");
    }

    @Test
    void shouldFinishARunWhoseDatabaseRestartsMidRunWithEveryStepLoggedOnce() throws Exception {
        UUID run = launch("restarted");
        awaitStep(run, STEPS / 8);

        cluster("restart", "-m", "immediate"); // returns once the server is back

        assertThat(watcher.queryForObject("select progress_step from run where id = ?", Long.class, run))
                .as("the restart came while the run trained")
                .isLessThan(STEPS);
        awaitEnd(run);
        assertSucceededWithEveryStepOnce(run);
        assertThat(events(run, "INTERRUPTED")).isEmpty();
    }

    @Test
    void shouldRequeueARunWhoseDatabaseStaysAwayPastTheToleranceAndFinishItOnceBack() throws Exception {
        UUID run = launch("requeued");
        awaitStep(run, STEPS / 4);

        cluster("stop", "-m", "immediate");
        Thread.sleep(OUTAGE_TOLERANCE.multipliedBy(3).toMillis());
        cluster("start");

        awaitEnd(run);
        assertSucceededWithEveryStepOnce(run);
        var interrupted = events(run, "INTERRUPTED");
        assertThat(interrupted).hasSize(1);
        assertThat((String) interrupted.get(0).get("reason"))
                .startsWith("the database was unreachable for ")
                .contains("training stopped and the run was requeued to resume from its checkpoint at step");
    }

    private UUID launch(String name) throws Exception {
        var response = mvc.perform(post("/api/runs")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name": "%s", "dataset": {"name": "synthetic-spirals", "limit": 20000, "val_fraction": 0.2},
                                 "model": {"name": "mlp", "hidden": [64, 64]},
                                 "schedule": {"base_lr": 0.1, "eta_min": 0.001, "t_max": 2, "unit": "epoch"},
                                 "training": {"epochs": %d, "batch_size": 64, "seed": 11, "device": "cpu"}}""".formatted(name, EPOCHS)))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        return UUID.fromString(json.readTree(response).get("id").asString());
    }

    private void awaitStep(UUID run, long step) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            Long progress = watcher.queryForObject("select progress_step from run where id = ?", Long.class, run);
            if (progress != null && progress >= step) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("run " + run + " did not reach step " + step + " in 3 minutes");
    }

    /** Waits for the run to end, reading through the outage: the watcher's own reads fail while it lasts. */
    private void awaitEnd(UUID run) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            try {
                String status = watcher.queryForObject("select status from run where id = ?", String.class, run);
                if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
                    return;
                }
            } catch (RuntimeException databaseAway) {
                // back in a moment
            }
            Thread.sleep(250);
        }
        throw new AssertionError("run " + run + " did not end in 5 minutes");
    }

    private void assertSucceededWithEveryStepOnce(UUID run) {
        var row = watcher.queryForMap("select status, error, progress_step from run where id = ?", run);
        assertThat(row.get("status")).as(row.toString()).isEqualTo("SUCCEEDED");
        assertThat(row.get("error")).isNull();
        assertThat(row.get("progress_step")).isEqualTo(STEPS);
        for (String key : List.of("lr", "train_loss")) {
            var steps = watcher.queryForMap("""
                    select count(*) as points, count(distinct p.step) as steps, min(p.step) as first,
                           max(p.step) as last
                    from metric_point p join metric_key k on k.id = p.key_id
                    where p.run_id = ? and k.name = ?
                    """, run, key);
            assertThat(steps)
                    .as(key)
                    .containsEntry("points", STEPS)
                    .containsEntry("steps", STEPS)
                    .containsEntry("first", 0)
                    .containsEntry("last", (int) STEPS - 1);
        }
        assertThat(watcher.queryForObject(
                        "select count(*) from schedule_event where run_id = ? and kind = 'RESTART'", Long.class, run))
                .isEqualTo(EPOCHS / 2 - 1); // a restart every two epochs, each recorded once
    }

    private List<Map<String, Object>> events(UUID run, String kind) {
        return watcher.queryForList(
                "select step, reason from schedule_event where run_id = ? and kind = ? order by step", run, kind);
    }

    private static void cluster(String... action) throws IOException, InterruptedException {
        var command = new java.util.ArrayList<>(List.of("pg_ctlcluster"));
        command.addAll(List.of(CLUSTER.split(" ")));
        command.addAll(List.of(action));
        var process = new ProcessBuilder(command).inheritIO().start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
    }
}
