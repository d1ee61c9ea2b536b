package dev.anneal.metrics;

import dev.anneal.AnnealApplication;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.boot.SpringApplication;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a point costs the metric store, in the figures issue 25 sets goals for: one run of a million steps logging
 * five keys every step (the per-step pattern of a trained run) and two every thousand steps (its evaluations),
 * written through {@link MetricWriter} into the durable embedded PostgreSQL; then the bytes a point takes on disk,
 * every index and summary included, and the reads the pages make, timed in the server (no HTTP): the whole
 * million-point series in 1 000 buckets, a zoomed window of 100 000 raw points, and a live stream's "since step N".
 * Each read is timed first on the statistics the database had when the run was written (a shared database's
 * planner does not know a new run), then after {@code ANALYZE}; medians of {@value #READS} reads.
 *
 * <p>Run with {@code ./mvnw -Pbench test-compile exec:exec@metric-store} (a few minutes on 2 cores).
 */
public final class MetricStoreBenchmark {

    private static final int STEPS = 1_000_000;
    private static final int EVALUATE_EVERY = 1_000;
    private static final MetricKey[] EVERY_STEP = {
        MetricKey.LR, MetricKey.TRAIN_LOSS, MetricKey.GRAD_NORM, MetricKey.CYCLE, MetricKey.CYCLE_POS
    };
    private static final MetricKey[] SPARSE = {MetricKey.VAL_LOSS, MetricKey.VAL_ACC};
    private static final int READS = 21;

    private MetricStoreBenchmark() {}

    public static void main(String[] args) throws Exception {
        var home = Files.createTempDirectory("anneal-bench");
        try (var app = SpringApplication.run(
                AnnealApplication.class,
                "--spring.main.web-application-type=none",
                "--db-scheduler.enabled=false",
                "--logging.level.root=WARN",
                "--anneal.database.data-dir=" + home.resolve("postgres"))) {
            var writer = app.getBean(MetricWriter.class);
            var queries = app.getBean(MetricQueries.class);
            var jdbc = app.getBean(JdbcTemplate.class);
            jdbc.update("insert into experiment (id, name) values (?, 'bench')", UUID.randomUUID());
            // an earlier run the planner's statistics know, as in any database in use
            var older = newRun(jdbc);
            write(writer, older, 10_000);
            jdbc.execute("analyze");

            var runId = newRun(jdbc);
            long bytesBefore = storeBytes(jdbc);
            long start = System.nanoTime();
            long points = write(writer, runId, STEPS);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "ingest through MetricWriter: %d points in %.1f s, %.0f points/s%n",
                    points, seconds, points / seconds);
            jdbc.execute("checkpoint");
            long bytes = storeBytes(jdbc) - bytesBefore;
            long dense = (long) STEPS * EVERY_STEP.length;
            System.out.printf(
                    "storage: %d bytes for %d points (%d every step, %d sparse), %.1f bytes a point (tables %s)%n",
                    bytes, points, dense, points - dense, (double) bytes / points, sizes(jdbc));
            System.out.printf("sparse keys alone (val_loss, val_acc): %s%n", sparseCost(jdbc, runId));
            // a window's chunk is rewritten as it fills, and each rewrite leaves the old version dead until
            // (auto)vacuum
            // makes its room reusable: what a further run adds after that is what a point costs a growing history
            jdbc.execute("vacuum metric_chunk");
            var second = newRun(jdbc);
            long beforeSecond = storeBytes(jdbc);
            write(writer, second, STEPS);
            jdbc.execute("checkpoint");
            long grown = storeBytes(jdbc) - beforeSecond;
            System.out.printf(
                    "storage of a second such run, written after VACUUM: %d bytes, %.1f bytes a point (tables %s)%n",
                    grown, (double) grown / points, sizes(jdbc));
            jdbc.execute("vacuum full metric_chunk");
            long live = jdbc.queryForObject(
                    "select sum(pg_column_size(c.*)) from metric_chunk c where run_id = ?", Long.class, second);
            System.out.printf(
                    "storage of the live chunks alone (VACUUM FULL): %s in all; the second run's rows %.1f bytes a point%n",
                    sizes(jdbc), (double) live / points);

            for (String statistics : new String[] {"statistics before the run", "after ANALYZE"}) {
                if (statistics.startsWith("after")) {
                    jdbc.execute("analyze");
                }
                report(
                        statistics,
                        "1 M points in 1 000 buckets",
                        () -> queries.series(runId, MetricKey.TRAIN_LOSS, 0, STEPS, 1000));
                report(
                        statistics,
                        "100 000 raw points (a zoomed window)",
                        () -> queries.series(runId, MetricKey.TRAIN_LOSS, 400_000, 499_999, 100_000));
                report(
                        statistics,
                        "live stream since step N (1 000 points)",
                        () -> queries.history(runId, MetricKey.TRAIN_LOSS, STEPS - 1_001, 1_000));
            }
        }
    }

    private static UUID newRun(JdbcTemplate jdbc) {
        var runId = UUID.randomUUID();
        jdbc.update(
                "insert into run (id, experiment_id, name, status, config) select ?, id, 'bench', 'RUNNING', '{}'"
                        + " from experiment where name = 'bench'",
                runId);
        return runId;
    }

    /** Logs {@code steps} steps of a run as training does; answers the points written. */
    private static long write(MetricWriter writer, UUID runId, int steps) {
        var batch = writer.batch();
        var start = Instant.now();
        var jitter = new java.util.SplittableRandom(steps);
        long points = 0;
        for (int step = 0; step < steps; step++) {
            double epoch = step / 1000.0;
            // a step every 15-45 ms at random, as a small model on a CPU logs
            var now = start.plusMillis(step * 30L + jitter.nextInt(15));
            for (int k = 0; k < EVERY_STEP.length; k++) {
                batch.add(new MetricPoint(runId, EVERY_STEP[k], step, epoch, Math.sin(step * 0.001) + k, now));
                points++;
            }
            if (step % EVALUATE_EVERY == EVALUATE_EVERY - 1) {
                for (MetricKey key : SPARSE) {
                    batch.add(new MetricPoint(runId, key, step, epoch, 1.0 / (step + 1), now));
                    points++;
                }
                batch.flush(); // training flushes at each evaluation
            }
        }
        batch.flush();
        return points;
    }

    /** The bytes of every table, index and TOAST relation that holds metric points or their summaries. */
    private static long storeBytes(JdbcTemplate jdbc) {
        return jdbc.queryForObject("select pg_total_relation_size('metric_chunk')", Long.class);
    }

    private static String sizes(JdbcTemplate jdbc) {
        return jdbc.queryForObject(
                "select 'table ' || pg_size_pretty(pg_relation_size('metric_chunk')) || ', TOAST '"
                        + " || pg_size_pretty(pg_relation_size(reltoastrelid)) || ', indexes '"
                        + " || pg_size_pretty(pg_indexes_size('metric_chunk')) from pg_class where relname = 'metric_chunk'",
                String.class);
    }

    /**
     * What the sparse keys' points take in their rows (compressed or not, in the table or TOAST), a point: a chunk of
     * one or two points carries a chunk's fixed cost alone.
     */
    private static String sparseCost(JdbcTemplate jdbc, UUID runId) {
        return jdbc.queryForObject(
                "select round(sum(pg_column_size(c.*))::numeric / sum(point_count), 1) || ' bytes a point in '"
                        + " || count(*) || ' chunks of ' || sum(point_count) || ' points' from metric_chunk c"
                        + " where run_id = ? and key_id in (4, 5)",
                String.class,
                runId);
    }

    private static void report(String statistics, String what, Supplier<Object> read) {
        var millis = new ArrayList<Double>();
        for (int i = 0; i < READS; i++) {
            long start = System.nanoTime();
            read.get();
            millis.add((System.nanoTime() - start) / 1e6);
        }
        System.out.printf("read, %s: %s: median %.1f ms (%s)%n", statistics, what, median(millis), range(millis));
    }

    private static double median(List<Double> values) {
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    private static String range(List<Double> values) {
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return "%.1f–%.1f".formatted(sorted[0], sorted[sorted.length - 1]);
    }
}
