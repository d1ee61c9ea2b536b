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
import java.util.UUID;
import org.openqa.selenium.By;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * How long the compare page takes to become interactive with 100 runs of a million steps each, in headless Chromium:
 * from the start of navigation to the charts drawn (the page marks that moment), and a redraw on the cycle-aligned
 * axis. Each run logs lr, train_loss, cycle and cycle_pos at every step and val_loss every 1 000 steps, written
 * straight into PostgreSQL's metric store (400 million points; training them would take months). Prints the median
 * and best of the measured loads.
 *
 * <p>Run with {@code ./mvnw -Pbench test-compile exec:exec@compare-page} (needs Debian's chromium and chromium-driver).
 */
public final class ComparePageBenchmark {

    private static final int RUNS = Integer.getInteger("bench.runs", 100);
    private static final int STEPS = Integer.getInteger("bench.steps", 1_000_000);
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
            jdbc.execute("vacuum analyze metric_chunk");
            System.out.printf(
                    "stored %d runs x %d steps (%d points) in %.0f s%n",
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
                    try {
                        browser.waiting(60)
                                .until(driver -> driver.findElement(By.cssSelector(".compare-page"))
                                                .getDomAttribute("data-drawn-at")
                                        != null);
                    } catch (org.openqa.selenium.TimeoutException e) {
                        throw new IllegalStateException(
                                "the page did not draw; it says: "
                                        + browser.driver()
                                                .findElement(By.cssSelector("[data-role=message]"))
                                                .getText(),
                                e);
                    }
                    double firstDraw = Double.parseDouble(browser.driver()
                            .findElement(By.cssSelector(".compare-page"))
                            .getDomAttribute("data-drawn-at"));
                    double fetched = Double.parseDouble(browser.driver()
                            .findElement(By.cssSelector(".compare-page"))
                            .getDomAttribute("data-fetched-at"));
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
                            "load %d: drawn %.0f ms after navigation (its data read by %.0f ms); switched to the"
                                    + " cycle-aligned axis in %.0f ms%n",
                            load, firstDraw, fetched, redraw);
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
     * noisy falling train_loss, and val_loss every 1 000 steps; stored as the metric writer stores them, a chunk a
     * window of 992 steps a key (SeriesChunk; epochs step / 1 000, a step every 30 ms), built in the database in one
     * statement a run.
     */
    private static void fill(JdbcTemplate jdbc, UUID run, int index) {
        long wall = System.currentTimeMillis();
        jdbc.update("""
                insert into metric_chunk (run_id, key_id, step_window, first_step, last_step, point_count, min_value,
                    max_value, last_value, first_wall, last_wall, steps_per_epoch, wall_base, wall_bits, wall_packed,
                    vals)
                select ?, k.key, s / 992, min(s), max(s), count(*), min(v.value), max(v.value),
                       (array_agg(v.value order by s desc))[1], ? + min(s) * 30, ? + max(s) * 30, 1000, 30, 0, '',
                       array_agg(v.value order by s)
                from generate_series(0, ? - 1) s
                cross join (values (1), (2), (6), (7)) as k (key)
                cross join lateral (select case k.key
                    when 1 then 0.001 + 0.5 * (0.05 - 0.001) * (1 + cos(pi() * (s % 1000) / 1000.0))
                    when 2 then 2.3 * exp(-s / 200000.0) + 0.1 * random() + 0.01 * ?
                    when 6 then floor(s / 1000.0)
                    else (s % 1000) / 1000.0 end as value) as v
                group by k.key, s / 992
                """, run, wall, wall, STEPS, index);
        jdbc.update("""
                insert into metric_chunk (run_id, key_id, step_window, first_step, last_step, point_count, min_value,
                    max_value, last_value, first_wall, last_wall, steps_per_epoch, wall_base, wall_bits, wall_packed,
                    vals)
                select ?, 4, s / 992, s, s, 1, v, v, v, ? + s * 30, ? + s * 30, 1000, 0, 0, '', array[v]
                from generate_series(999, ? - 1, 1000) s, lateral (select 2.0 * exp(-s / 250000.0) + 0.2 as v) as value
                """, run, wall, wall, STEPS);
    }
}
