package dev.anneal.bench;

import dev.anneal.AnnealApplication;
import dev.anneal.Browser;
import dev.anneal.access.TestAccounts;
import dev.anneal.metrics.MetricKey;
import dev.anneal.metrics.MetricQueries;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.openqa.selenium.By;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * How long the compare page takes to become interactive with 20 runs of 100 000 steps each, in headless Chromium:
 * from the start of navigation to the charts drawn (the page marks that moment), and a redraw on the cycle-aligned
 * axis. Each run logs lr, train_loss, cycle and cycle_pos at every step and val_loss 100 times, written straight into
 * PostgreSQL with their rollups (8 million rows; training them would take days). Prints the median and best of the
 * measured loads.
 *
 * <p>Run with {@code ./mvnw -Pbench test-compile exec:exec@compare-page} (needs Debian's chromium and chromium-driver).
 */
public final class ComparePageBenchmark {

    private static final int RUNS = 20;
    private static final int STEPS = 100_000;
    private static final int LOADS = 7;

    private ComparePageBenchmark() {}

    public static void main(String[] args) throws Exception {
        var dataDir = Files.createTempDirectory("anneal-bench");
        try (var app = SpringApplication.run(
                AnnealApplication.class,
                "--server.port=0",
                "--db-scheduler.enabled=false",
                "--anneal.database.data-dir=" + dataDir.resolve("postgres"),
                "--logging.level.root=WARN")) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            var jdbc = app.getBean(JdbcTemplate.class);
            var ids = new ArrayList<String>();
            long start = System.nanoTime();
            for (int i = 0; i < RUNS; i++) {
                ids.add(launch(port, i));
                fill(jdbc, UUID.fromString(ids.get(i)), i);
            }
            // the rollups the metric writer keeps as it writes, built here in one pass as the V4 migration does
            jdbc.execute("""
                    insert into metric_rollup
                        (last_epoch, last_value, min_value, max_value, run_id, width, bucket, last_step, key_id)
                    select (array_agg(p.epoch order by p.step desc))[1], (array_agg(p.value order by p.step desc))[1],
                           min(p.value), max(p.value), p.run_id, w.width, p.step / w.width, max(p.step), p.key_id
                    from metric_point p cross join (values (16), (64), (256), (1024)) as w (width)
                    group by p.run_id, p.key_id, w.width, p.step / w.width
                    """);
            jdbc.execute("vacuum analyze metric_point");
            jdbc.execute("vacuum analyze metric_rollup");
            System.out.printf(
                    "stored %d runs x %d steps (%d rows) in %.0f s%n",
                    RUNS, STEPS, RUNS * (4L * STEPS + 100), (System.nanoTime() - start) / 1e9);

            var queries = app.getBean(MetricQueries.class);
            for (int i = 0; i < 5; i++) {
                long t = System.nanoTime();
                queries.series(UUID.fromString(ids.get(i)), MetricKey.TRAIN_LOSS, 0, Integer.MAX_VALUE, 1000);
                System.out.printf(
                        "server: one %d-step series downsampled to 1 000 points in %.1f ms%n",
                        STEPS, (System.nanoTime() - t) / 1e6);
            }

            String url = "http://localhost:" + port + "/compare?ids=" + String.join(",", ids);
            try (var browser = Browser.start()) {
                browser.driver().get("http://localhost:" + port + "/login"); // sign in once, as the tests' admin
                browser.driver().findElement(By.name("username")).sendKeys(TestAccounts.USERNAME);
                browser.driver().findElement(By.name("password")).sendKeys(TestAccounts.PASSWORD);
                browser.driver()
                        .findElement(By.cssSelector("main button[type=submit]"))
                        .click();
                browser.waiting(10).until(driver -> !driver.getCurrentUrl().contains("/login"));
                var drawn = new double[LOADS];
                var redrawn = new double[LOADS];
                for (int load = 0; load <= LOADS; load++) { // load 0 warms up the JIT and the caches
                    browser.driver().get(url);
                    browser.waiting(60)
                            .until(driver -> driver.findElement(By.cssSelector(".compare-page"))
                                            .getDomAttribute("data-drawn-at")
                                    != null);
                    double firstDraw = Double.parseDouble(browser.driver()
                            .findElement(By.cssSelector(".compare-page"))
                            .getDomAttribute("data-drawn-at"));
                    // interactive: switching to the cycle-aligned axis reads each run's cycle series and redraws
                    browser.driver()
                            .executeScript("const select = document.querySelector('[data-control=axis]');"
                                    + " select.value = 'cycle'; select.dispatchEvent(new Event('change'))");
                    browser.waiting(60)
                            .until(driver -> "cycle"
                                    .equals(driver.findElement(By.cssSelector(".compare-page"))
                                            .getDomAttribute("data-drawn-axis")));
                    double redraw = Double.parseDouble(browser.driver()
                            .findElement(By.cssSelector(".compare-page"))
                            .getDomAttribute("data-axis-switch-ms"));
                    if (load > 0) {
                        drawn[load - 1] = firstDraw;
                        redrawn[load - 1] = redraw;
                    }
                    System.out.printf(
                            "load %d: drawn %.0f ms after navigation; switched to the cycle-aligned axis in %.0f ms%n",
                            load, firstDraw, redraw);
                }
                browser.assertNoConsoleErrors();
                Arrays.sort(drawn);
                Arrays.sort(redrawn);
                System.out.printf(
                        "compare page, %d runs x %d steps: drawn after median %.0f ms (best %.0f); switched to the cycle-aligned"
                                + " axis in median %.0f ms (best %.0f); %d loads after a warm-up%n",
                        RUNS, STEPS, drawn[LOADS / 2], drawn[0], redrawn[LOADS / 2], redrawn[0], LOADS);
            }
        }
    }

    private static String launch(int port, int index) throws Exception {
        String body = """
                {"name": "bench-%02d", "experiment": "compare-bench", "dataset": {"name": "synthetic-spirals"},
                 "model": {"name": "mlp"}, "schedule": {"base_lr": %s, "t_max": 1000, "t_mult": %d, "unit": "step"},
                 "training": {"epochs": 100}}""".formatted(index, 0.05 + 0.01 * index, 1 + index % 3);
        var response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/runs"))
                                .header("Authorization", TestAccounts.bearer())
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException(response.body());
        }
        return JsonMapper.builder().build().readTree(response.body()).get("id").asString();
    }

    /**
     * A run's history as training would log it: cosine cycles of 1 000 steps (t_mult 1) in lr, cycle and cycle_pos, a
     * noisy falling train_loss, and val_loss every 1 000 steps.
     */
    private static void fill(JdbcTemplate jdbc, UUID run, int index) {
        List<String> perStep = List.of(
                "1, 0.001 + 0.5 * (0.05 - 0.001) * (1 + cos(pi() * (s % 1000) / 1000.0))",
                "2, 2.3 * exp(-s / 20000.0) + 0.1 * random() + 0.01 * " + index,
                "6, floor(s / 1000.0)",
                "7, (s % 1000) / 1000.0");
        for (String keyAndValue : perStep) {
            jdbc.update(
                    "insert into metric_point (wall_time, epoch, value, run_id, step, key_id)"
                            + " select now(), s / 1000.0, v.value, ?, s, v.key from generate_series(0, ?) s,"
                            + " lateral (select " + keyAndValue.replaceFirst(",", " as key,") + " as value) v",
                    run,
                    STEPS - 1);
        }
        jdbc.update(
                "insert into metric_point (wall_time, epoch, value, run_id, step, key_id)"
                        + " select now(), s / 1000.0, 2.0 * exp(-s / 25000.0) + 0.2, ?, s, 4"
                        + " from generate_series(999, ?, 1000) s",
                run,
                STEPS - 1);
    }
}
