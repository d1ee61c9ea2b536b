package dev.anneal.metrics;

import dev.anneal.AnnealApplication;
import dev.anneal.access.TestAccounts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The series request a live run's page makes ({@code GET /api/runs/{id}/metrics?keys=lr,train_loss&max_points=1000})
 * over HTTP, for a new run of 10 000 steps while the planner's statistics know only an older run (as in any shared
 * database), then again once {@code ANALYZE} has seen the new run. Also times the bucket query's pre-change shape (a
 * plain join) once on the stale statistics, for reference. Prints the median and 90th percentile of each.
 *
 * <p>Run with {@code ./mvnw -Pbench test-compile exec:exec@series-query}.
 */
public final class SeriesQueryBenchmark {

    /** {@code train_loss}'s id in table {@code metric_key}. */
    private static final short TRAIN_LOSS_ID = 2;

    private static final int OLD_STEPS = 100_000;
    private static final int NEW_STEPS = 10_000;
    private static final int REQUESTS = 25;

    private static final String PRE_CHANGE_BUCKETS = """
            with bucket as (
                select max(step) as step, min(value) as min, max(value) as max
                from metric_point where run_id = ? and key_id = ? and step between ? and ?
                group by width_bucket(step, ?, ?, ?)
            )
            select bucket.step, last.epoch, last.value, bucket.min, bucket.max
            from bucket join metric_point last on last.run_id = ? and last.key_id = ? and last.step = bucket.step
            order by bucket.step
            """;

    private SeriesQueryBenchmark() {}

    public static void main(String[] args) throws Exception {
        var home = Files.createTempDirectory("anneal-bench");
        try (var app = SpringApplication.run(
                AnnealApplication.class,
                "--server.port=0",
                "--db-scheduler.enabled=false",
                "--logging.level.root=WARN",
                "--anneal.database.data-dir=" + home.resolve("postgres"))) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            var jdbc = app.getBean(JdbcTemplate.class);
            var writer = app.getBean(MetricWriter.class);
            jdbc.execute("alter table metric_point set (autovacuum_enabled = off)");
            jdbc.execute("alter table metric_rollup set (autovacuum_enabled = off)");
            store(jdbc, writer, UUID.randomUUID(), OLD_STEPS);
            jdbc.execute("analyze metric_point");
            jdbc.execute("analyze metric_rollup");
            var fresh = UUID.randomUUID();
            store(jdbc, writer, fresh, NEW_STEPS);

            String url =
                    "http://localhost:%d/api/runs/%s/metrics?keys=lr,train_loss&max_points=1000".formatted(port, fresh);
            var stale = time(url);
            report("stale statistics (the new run unknown)", stale);

            long start = System.nanoTime();
            jdbc.query(
                    PRE_CHANGE_BUCKETS,
                    rs -> {},
                    fresh,
                    TRAIN_LOSS_ID,
                    0,
                    NEW_STEPS - 1,
                    0,
                    NEW_STEPS,
                    1000,
                    fresh,
                    TRAIN_LOSS_ID);
            System.out.printf(
                    "pre-change bucket query, one key, stale statistics: %.0f ms%n", (System.nanoTime() - start) / 1e6);

            jdbc.execute("analyze metric_point");
            jdbc.execute("analyze metric_rollup");
            var analysed = time(url);
            report("fresh statistics (after ANALYZE)", analysed);
            System.out.printf("stale / fresh median: %.2f%n", median(stale) / median(analysed));
        }
    }

    private static void store(JdbcTemplate jdbc, MetricWriter writer, UUID runId, int steps) {
        jdbc.update(
                "insert into experiment (id, name) values (?, ?) on conflict do nothing", UUID.randomUUID(), "bench");
        jdbc.update(
                "insert into run (id, experiment_id, name, status, config)"
                        + " select ?, id, 'bench', 'RUNNING', '{}' from experiment where name = 'bench'",
                runId);
        var now = Instant.now();
        for (int from = 0; from < steps; from += 50_000) {
            writer.write(IntStream.range(from, Math.min(steps, from + 50_000))
                    .boxed()
                    .flatMap(step -> Stream.of(
                            new MetricPoint(runId, MetricKey.LR, step, step / 250.0, 0.1 / (1 + step % 500), now),
                            new MetricPoint(
                                    runId, MetricKey.TRAIN_LOSS, step, step / 250.0, 2.0 / (1 + step / 100.0), now)))
                    .toList());
        }
    }

    private static List<Double> time(String url) throws Exception {
        var http = HttpClient.newHttpClient();
        var request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", TestAccounts.bearer())
                .build();
        http.send(request, HttpResponse.BodyHandlers.discarding()); // the connection, not the query, is measured first
        var millis = new ArrayList<Double>();
        for (int i = 0; i < REQUESTS; i++) {
            long start = System.nanoTime();
            var response = http.send(request, HttpResponse.BodyHandlers.ofString());
            millis.add((System.nanoTime() - start) / 1e6);
            if (response.statusCode() != 200) {
                throw new IllegalStateException("series request answered " + response.statusCode());
            }
        }
        Collections.sort(millis);
        return millis;
    }

    private static void report(String condition, List<Double> millis) {
        System.out.printf(
                "series of %d steps, 2 keys, 1 000 buckets, %s: median %.1f ms, p90 %.1f ms (%d requests)%n",
                NEW_STEPS, condition, median(millis), millis.get((int) (millis.size() * 0.9)), millis.size());
    }

    private static double median(List<Double> sorted) {
        return sorted.get(sorted.size() / 2);
    }
}
