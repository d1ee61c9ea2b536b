package dev.anneal.metrics;

import dev.anneal.AnnealApplication;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.springframework.boot.SpringApplication;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A trial of the chunk table issue 25 plans, before it replaces {@code metric_point}: the same million steps as
 * {@link MetricStoreBenchmark} (five keys every step, two every thousand), cut into {@link SeriesChunk}s by
 * {@link ChunkWindows} and written as rows of arrays into a scratch table of the embedded, durable PostgreSQL; then
 * the bytes a point takes there, and the overview read a chart makes of a million-point series from the chunks'
 * summaries alone. Nothing of the application uses the table; it is dropped at the end.
 *
 * <p>Run with {@code ./mvnw -Pbench test-compile exec:exec@chunk-layout}.
 */
public final class ChunkLayoutBenchmark {

    private static final int STEPS = 1_000_000;
    private static final int KEYS = 5;
    private static final int SPARSE_KEYS = 2;
    private static final int EVALUATE_EVERY = 1_000;
    private static final int READS = 21;

    private static final String TABLE = """
            create table bench_metric_chunk (
                run_id          uuid             not null,
                key_id          smallint         not null,
                time_window     integer          not null,
                first_step      integer          not null,
                last_step       integer          not null,
                point_count     integer          not null,
                min_value       double precision not null,
                max_value       double precision not null,
                last_value      double precision not null,
                epoch_constant  double precision,
                steps_per_epoch double precision,
                epochs          float8[],
                first_wall      bigint           not null,
                wall_deltas     int4[]           not null,
                steps           int4[],
                vals            float8[]         not null,
                primary key (run_id, key_id, time_window)
            )""";

    private static final String UPSERT = """
            insert into bench_metric_chunk (run_id, key_id, time_window, first_step, last_step, point_count, min_value,
                max_value, last_value, epoch_constant, steps_per_epoch, epochs, first_wall, wall_deltas, steps, vals)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (run_id, key_id, time_window) do update set first_step = excluded.first_step,
                last_step = excluded.last_step, point_count = excluded.point_count, min_value = excluded.min_value,
                max_value = excluded.max_value, last_value = excluded.last_value,
                epoch_constant = excluded.epoch_constant, steps_per_epoch = excluded.steps_per_epoch,
                epochs = excluded.epochs, first_wall = excluded.first_wall, wall_deltas = excluded.wall_deltas,
                steps = excluded.steps, vals = excluded.vals""";

    /** 1 000 buckets of a million steps, one a chunk: each bucket's last step and value, smallest and largest. */
    private static final String OVERVIEW = """
            select last_step, last_value, min_value, max_value from bench_metric_chunk
            where run_id = ? and key_id = ? and time_window between ? and ? order by time_window""";

    private ChunkLayoutBenchmark() {}

    public static void main(String[] args) throws Exception {
        var home = Files.createTempDirectory("anneal-bench");
        try (var app = SpringApplication.run(
                AnnealApplication.class,
                "--spring.main.web-application-type=none",
                "--db-scheduler.enabled=false",
                "--logging.level.root=WARN",
                "--anneal.database.data-dir=" + home.resolve("postgres"))) {
            var jdbc = app.getBean(JdbcTemplate.class);
            jdbc.execute(TABLE);
            var runId = UUID.randomUUID();
            var start = Instant.parse("2026-12-07T12:00:00Z");
            long points = 0;
            long began = System.nanoTime();
            // as the writer would get them: a batch a thousand steps (training flushes at each evaluation)
            for (int from = 0; from < STEPS; from += EVALUATE_EVERY) {
                var chunks = new ArrayList<Row>();
                for (short key = 0; key < KEYS + SPARSE_KEYS; key++) {
                    var batch = new ArrayList<SeriesChunk.Point>();
                    for (int step = from; step < from + EVALUATE_EVERY; step++) {
                        boolean sparse = key >= KEYS;
                        if (!sparse || step % EVALUATE_EVERY == EVALUATE_EVERY - 1) {
                            // a step every 25-44 ms, as a small model on a CPU logs
                            var wall = start.plusMillis(step * 30L + (step * 7919L % 15));
                            batch.add(new SeriesChunk.Point(
                                    step, step / 391.0, Math.sin(step * 0.001) + key + (step % 97) * 1e-4, wall));
                        }
                    }
                    for (var window : ChunkWindows.byWindow(batch).entrySet()) {
                        chunks.add(new Row(key, window.getKey(), ChunkWindows.merge(null, window.getValue())));
                        points += window.getValue().size();
                    }
                }
                write(jdbc, runId, chunks);
            }
            double seconds = (System.nanoTime() - began) / 1e9;
            System.out.printf(
                    "ingest: %d points as %d-point chunks in %.1f s, %.0f points/s%n",
                    points, SeriesChunk.MAX_POINTS, seconds, points / seconds);
            jdbc.execute("checkpoint");
            long bytes = jdbc.queryForObject("select pg_total_relation_size('bench_metric_chunk')", Long.class);
            System.out.printf("storage: %d bytes, %.2f bytes a point%n", bytes, (double) bytes / points);
            for (String statistics : new String[] {"no statistics", "after ANALYZE"}) {
                if (statistics.startsWith("after")) {
                    jdbc.execute("analyze bench_metric_chunk");
                }
                var millis = new ArrayList<Double>();
                for (int i = 0; i < READS; i++) {
                    long t = System.nanoTime();
                    var rows = jdbc.queryForList(OVERVIEW, runId, (short) 1, 0, STEPS / SeriesChunk.MAX_POINTS);
                    millis.add((System.nanoTime() - t) / 1e6);
                    if (rows.size() != STEPS / SeriesChunk.MAX_POINTS) {
                        throw new IllegalStateException("the overview read " + rows.size() + " buckets");
                    }
                }
                millis.sort(null);
                System.out.printf(
                        "read, %s: 1 M points in 1 000 buckets from the chunks' summaries: median %.1f ms (%.1f–%.1f)%n",
                        statistics, millis.get(READS / 2), millis.get(0), millis.get(READS - 1));
            }
            jdbc.execute("drop table bench_metric_chunk");
        }
    }

    private static void setDouble(PreparedStatement statement, int index, Double value) throws java.sql.SQLException {
        if (value == null) {
            statement.setNull(index, java.sql.Types.DOUBLE);
        } else {
            statement.setDouble(index, value);
        }
    }

    /** One chunk of one key in its window. */
    private record Row(short key, int window, SeriesChunk chunk) {}

    /** Upserts {@code rows} in one batch of statements, in one transaction, arrays of primitives sent as arrays. */
    private static void write(JdbcTemplate jdbc, UUID runId, List<Row> rows) {
        jdbc.execute((Connection connection) -> {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            var postgres = connection.unwrap(PGConnection.class);
            try (PreparedStatement statement = connection.prepareStatement(UPSERT)) {
                for (var row : rows) {
                    var chunk = row.chunk();
                    int[] deltas = new int[chunk.count()];
                    for (int i = 1; i < deltas.length; i++) {
                        deltas[i] = Math.toIntExact(chunk.wallOffsets()[i] - chunk.wallOffsets()[i - 1]);
                    }
                    var epochs = chunk.epochs();
                    statement.setObject(1, runId);
                    statement.setShort(2, row.key());
                    statement.setInt(3, row.window());
                    statement.setInt(4, chunk.firstStep());
                    statement.setInt(5, chunk.lastStep());
                    statement.setInt(6, chunk.count());
                    statement.setDouble(7, chunk.min());
                    statement.setDouble(8, chunk.max());
                    statement.setDouble(9, chunk.last());
                    setDouble(statement, 10, epochs.constant());
                    setDouble(statement, 11, epochs.stepsPerEpoch());
                    statement.setArray(
                            12, epochs.listed() == null ? null : postgres.createArrayOf("float8", epochs.listed()));
                    statement.setLong(13, chunk.firstWallMillis());
                    statement.setArray(14, postgres.createArrayOf("int4", deltas));
                    statement.setArray(
                            15, chunk.steps() == null ? null : postgres.createArrayOf("int4", chunk.steps()));
                    statement.setArray(16, postgres.createArrayOf("float8", chunk.values()));
                    statement.addBatch();
                }
                statement.executeBatch();
                connection.commit();
            } finally {
                connection.setAutoCommit(autoCommit);
            }
            return null;
        });
    }
}
