package dev.anneal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An installation from before the metric store migrates without losing a point: a database is filled through the old
 * schema (a row a point, as V21 left it) with every shape of series the store encodes differently, migrated by
 * Flyway, and every series read back through {@link MetricQueries}, and through the {@code metric_point} view, is
 * compared with what was stored, value and epoch bit for bit, wall time to the millisecond (what the store keeps).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricChunkMigrationTests {

    private static final Instant START = Instant.parse("2026-03-01T09:00:00.123456Z");

    private EmbeddedPostgres postgres;
    private JdbcTemplate jdbc;
    private final List<Stored> before = new ArrayList<>();

    /** One point as stored, its doubles as bits so NaN, infinities and signed zeros compare exactly. */
    private record Stored(UUID runId, short keyId, int step, long epochBits, long valueBits, long wallMillis) {

        static Stored of(UUID runId, short keyId, int step, double epoch, double value, Instant wall) {
            return new Stored(
                    runId,
                    keyId,
                    step,
                    Double.doubleToRawLongBits(epoch),
                    Double.doubleToRawLongBits(value),
                    wall.toEpochMilli());
        }
    }

    @BeforeAll
    void fillTheOldSchemaAndMigrate() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        var flyway =
                Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration");
        flyway.target("21").load().migrate();
        jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
        jdbc.update("insert into metric_key (id, name, named_by) values (100, 'eval/bleu', 'ada')");

        var random = new SplittableRandom(25);
        var trained = UUID.randomUUID();
        // a trained run: every step of three keys for 2 500 steps (into a third window), epochs step / 391
        for (short key = 1; key <= 3; key++) {
            for (int step = 0; step < 2_500; step++) {
                insert(
                        trained,
                        key,
                        step,
                        step / 391.0,
                        random.nextGaussian(),
                        START.plusMillis(31L * step).plus(random.nextInt(1000), ChronoUnit.MICROS));
            }
        }
        // its evaluations: every 391 steps
        for (int step = 390; step < 2_500; step += 391) {
            insert(trained, (short) 4, step, (step + 1) / 391.0, random.nextDouble(), START.plusMillis(31L * step));
        }
        var script = UUID.randomUUID();
        // a script's key: gaps, epoch 0, awkward values, wall times out of order and a month apart, steps up to the
        // largest
        double[] awkward = {
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            -0.0,
            Double.MIN_VALUE,
            -Double.MAX_VALUE,
            1e-300
        };
        int[] steps = {0, 5, 10, 999, 1_000, 1_001, 77_777, Integer.MAX_VALUE - 1, Integer.MAX_VALUE};
        for (int i = 0; i < steps.length; i++) {
            var wall = START.plus(i * 17L, ChronoUnit.DAYS).minusMillis(i % 2 == 0 ? 0 : 86_400_000L * 30);
            insert(script, (short) 100, steps[i], 0, awkward[i % awkward.length], wall);
        }
        // another run whose epochs follow no rule, and one of a single point
        var irregular = UUID.randomUUID();
        for (int step = 0; step < 1_500; step++) {
            insert(
                    irregular,
                    (short) 2,
                    step,
                    random.nextDouble() * 10,
                    Math.exp(-step / 100.0),
                    START.plusSeconds(step));
        }
        insert(UUID.randomUUID(), (short) 5, 7, 0.25, 0.5, START);

        flyway.target("latest").load().migrate();
    }

    private void insert(UUID runId, short keyId, int step, double epoch, double value, Instant wall) {
        jdbc.update(
                "insert into metric_point (run_id, key_id, step, epoch, value, wall_time) values (?, ?, ?, ?, ?, ?)",
                runId,
                keyId,
                step,
                epoch,
                value,
                Timestamp.from(wall));
        before.add(Stored.of(runId, keyId, step, epoch, value, wall));
    }

    @AfterAll
    void stop() throws Exception {
        postgres.close();
    }

    @Test
    void shouldKeepEveryPointOfEverySeriesThroughTheQueryLayer() {
        var ids = new MetricKeyIds(jdbc, 2000);
        var queries = new MetricQueries(new MetricChunks(jdbc), ids);
        var after = new ArrayList<Stored>();
        var series = new LinkedHashSet<List<Object>>();
        before.forEach(point -> series.add(List.of(point.runId(), point.keyId())));
        for (var runAndKey : series) {
            var runId = (UUID) runAndKey.get(0);
            var key = ids.keyOf((Short) runAndKey.get(1));
            var points = queries.series(runId, key, 0, Integer.MAX_VALUE, Integer.MAX_VALUE)
                    .points();
            var walls = queries.history(runId, key, -1, Integer.MAX_VALUE);
            assertThat(walls).hasSameSizeAs(points);
            for (int i = 0; i < points.size(); i++) {
                var point = points.get(i);
                assertThat(walls.get(i).step()).isEqualTo(point.step());
                after.add(Stored.of(
                        runId,
                        (Short) runAndKey.get(1),
                        point.step(),
                        point.epoch(),
                        point.value(),
                        walls.get(i).wallTime()));
            }
        }

        assertThat(after).containsExactlyElementsOf(before);
    }

    @Test
    void shouldKeepEveryPointReadableAsRowsThroughTheView() {
        var after = jdbc.query(
                "select run_id, key_id, step, epoch, value, wall_time from metric_point",
                (rs, i) -> Stored.of(
                        rs.getObject(1, UUID.class),
                        rs.getShort(2),
                        rs.getInt(3),
                        rs.getDouble(4),
                        rs.getDouble(5),
                        rs.getTimestamp(6).toInstant()));

        assertThat(after).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void shouldStoreATrainedRunsEverySteptKeysWithoutStepsOrEpochArrays() {
        var shapes = jdbc.queryForList(
                "select count(*) filter (where steps is null and epochs is null) = count(*) from metric_chunk"
                        + " where key_id in (1, 2, 3) and point_count > 1 and run_id in"
                        + " (select run_id from metric_chunk where key_id = 4)",
                Boolean.class);

        assertThat(shapes).containsExactly(true);
        assertThat(jdbc.queryForObject("select count(*) from metric_chunk where key_id = 4", Long.class))
                .as("the evaluations of 2 500 steps: three windows")
                .isEqualTo(3);
    }
}
