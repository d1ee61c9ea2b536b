package dev.anneal.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * The {@code metric_chunk} table ({@code V22__metric_chunks.sql}): the one class that reads or writes it. A series'
 * points live in {@link SeriesChunk}s, one a {@link ChunkWindows window} of a thousand steps; this class turns
 * chunks into rows and back, and answers each read with index ranges of the primary key.
 *
 * <p>Every read here keeps its plan when the planner knows nothing of the run (a new run's id is never in the
 * statistics, and that is the run people watch live): each is a range of {@code (run_id, key_id, step_window)}, or
 * one such range per requested item (MetricQueryPlanTests checks the plans).
 */
@Component
class MetricChunks {

    private static final String COLUMNS = "step_window, first_step, last_step, point_count, min_value, max_value,"
            + " last_value, first_wall, last_wall, epoch_constant, steps_per_epoch, epochs, steps, wall_base, wall_bits,"
            + " wall_packed, vals";

    /** Which keys a run has: one index probe per key rather than reading every chunk of the run. */
    static final String KEYS = "select k.id from metric_key k"
            + " where exists (select 1 from metric_chunk c where c.run_id = ? and c.key_id = k.id)";

    /** The summaries of a range of windows: no array is read but, for listed epochs, the last epoch. */
    static final String SUMMARIES = """
            select step_window, first_step, last_step, point_count, min_value, max_value, last_value,
                   coalesce(epoch_constant, last_step / steps_per_epoch, epochs[point_count])
            from metric_chunk
            where run_id = ? and key_id = ? and step_window between ? and ?
            order by step_window
            """;

    /** The chunks of a range of windows, whole. */
    static final String CHUNKS = "select " + COLUMNS
            + " from metric_chunk where run_id = ? and key_id = ? and step_window between ? and ? order by step_window";

    /** The chunks holding steps after a given one, a page of them. */
    static final String AFTER = "select " + COLUMNS + " from metric_chunk"
            + " where run_id = ? and key_id = ? and step_window >= ? and last_step > ? order by step_window limit ?";

    /** For each step range, the last chunk starting in or before it: one primary-key probe a range. */
    static final String LAST_BEFORE = """
            select r.i, c.*
            from unnest(cast(? as int4[]), cast(? as int4[])) with ordinality as r (lo, hi, i)
            cross join lateral (
                select %s from metric_chunk
                where run_id = ? and key_id = ? and step_window between r.lo / %2$d and r.hi / %2$d
                  and first_step <= r.hi
                order by step_window desc limit 1
            ) as c
            """.formatted(COLUMNS, SeriesChunk.MAX_POINTS);

    /** Each run's keys' last chunks' last points. */
    static final String LATEST = """
            select distinct on (run_id, key_id) run_id, key_id, last_step, last_value, last_wall
            from metric_chunk where run_id = any(?)
            order by run_id, key_id, step_window desc
            """;

    /** Locks one run's chunks for a write: a read-modify-write of a window must not interleave with another's. */
    private static final String LOCK = "select pg_advisory_xact_lock(" + 0x616e6e + ", ?)";

    private static final String STORED = "select c.key_id, " + COLUMNS.replaceAll("(\\w+)", "c.$1")
            + " from metric_chunk c join unnest(cast(? as int2[]), cast(? as int4[])) as w (key_id, step_window)"
            + " on c.run_id = ? and c.key_id = w.key_id and c.step_window = w.step_window";

    private static final String UPSERT = """
            insert into metric_chunk (run_id, key_id, step_window, first_step, last_step, point_count, min_value,
                max_value, last_value, first_wall, last_wall, epoch_constant, steps_per_epoch, epochs, steps,
                wall_base, wall_bits, wall_packed, vals)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (run_id, key_id, step_window) do update set first_step = excluded.first_step,
                last_step = excluded.last_step, point_count = excluded.point_count, min_value = excluded.min_value,
                max_value = excluded.max_value, last_value = excluded.last_value, first_wall = excluded.first_wall,
                last_wall = excluded.last_wall, epoch_constant = excluded.epoch_constant,
                steps_per_epoch = excluded.steps_per_epoch, epochs = excluded.epochs, steps = excluded.steps,
                wall_base = excluded.wall_base, wall_bits = excluded.wall_bits, wall_packed = excluded.wall_packed,
                vals = excluded.vals
            """;

    private final JdbcTemplate jdbc;

    MetricChunks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A chunk's summary, read without its arrays.
     *
     * @param window its window
     * @param firstStep its first point's step
     * @param lastStep its last point's step
     * @param count how many points it holds
     * @param min its smallest value, as PostgreSQL orders doubles
     * @param max its largest value
     * @param last its last point's value
     * @param lastEpoch its last point's epoch
     */
    record Summary(
            int window,
            int firstStep,
            int lastStep,
            int count,
            double min,
            double max,
            double last,
            double lastEpoch) {}

    /**
     * The last point of one series.
     *
     * @param runId the run
     * @param keyId the key
     * @param step its step
     * @param value its value
     * @param wallMillis its wall time
     */
    record Last(UUID runId, short keyId, int step, double value, long wallMillis) {}

    /** The ids of the keys {@code runId} has points of, ascending. */
    List<Short> keys(UUID runId) {
        return jdbc.queryForList(KEYS, Short.class, runId);
    }

    /** The summaries of windows {@code fromWindow} to {@code toWindow} of a series, in order. */
    List<Summary> summaries(UUID runId, short keyId, int fromWindow, int toWindow) {
        return jdbc.query(
                SUMMARIES,
                (rs, i) -> new Summary(
                        rs.getInt(1),
                        rs.getInt(2),
                        rs.getInt(3),
                        rs.getInt(4),
                        rs.getDouble(5),
                        rs.getDouble(6),
                        rs.getDouble(7),
                        rs.getDouble(8)),
                runId,
                keyId,
                fromWindow,
                toWindow);
    }

    /** The chunks of windows {@code fromWindow} to {@code toWindow} of a series, in order. */
    List<SeriesChunk> chunks(UUID runId, short keyId, int fromWindow, int toWindow) {
        return jdbc.query(CHUNKS, (rs, i) -> chunk(rs, 1), runId, keyId, fromWindow, toWindow);
    }

    /** Up to {@code limit} chunks of a series holding steps after {@code afterStep}, in order. */
    List<SeriesChunk> after(UUID runId, short keyId, long afterStep, int limit) {
        int step = (int) Math.max(-1, Math.min(Integer.MAX_VALUE, afterStep));
        int window = step < 0 ? 0 : ChunkWindows.windowOf(step);
        return jdbc.query(AFTER, (rs, i) -> chunk(rs, 1), runId, keyId, window, step, limit);
    }

    /**
     * For each range {@code [froms[i], tos[i]]}, the last chunk of a series starting at or before the range's end
     * and in a window the range touches, or {@code null}: the chunk that holds the range's last point if any does.
     */
    List<SeriesChunk> lastBefore(UUID runId, short keyId, int[] froms, int[] tos) {
        var chunks = new ArrayList<SeriesChunk>(Arrays.asList(new SeriesChunk[froms.length]));
        jdbc.query(
                LAST_BEFORE,
                (RowCallbackHandler) rs -> chunks.set(rs.getInt(1) - 1, chunk(rs, 2)),
                arrayText(froms),
                arrayText(tos),
                runId,
                keyId);
        return chunks;
    }

    /** The last point of every series of each of {@code runIds}, by run and key. */
    List<Last> latest(Collection<UUID> runIds) {
        return jdbc.query(
                LATEST,
                (rs, i) -> new Last(
                        rs.getObject(1, UUID.class), rs.getShort(2), rs.getInt(3), rs.getDouble(4), rs.getLong(5)),
                (Object) runIds.toArray(new UUID[0]));
    }

    /**
     * Hands every chunk of {@code runId}, by key and then step, to {@code each}, a few hundred at a time from a cursor
     * (so in a transaction), never the whole history in memory.
     */
    void forEach(UUID runId, ChunkConsumer each) {
        var cursor = new JdbcTemplate(jdbc.getDataSource());
        cursor.setFetchSize(200);
        cursor.query(
                "select key_id, " + COLUMNS + " from metric_chunk where run_id = ? order by key_id, step_window",
                (RowCallbackHandler) rs -> {
                    try {
                        each.accept(rs.getShort(1), chunk(rs, 2));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                runId);
    }

    /** What {@link #forEach} hands each chunk to. */
    @FunctionalInterface
    interface ChunkConsumer {
        void accept(short keyId, SeriesChunk chunk) throws IOException;
    }

    /**
     * Merges {@code points} into the chunks of the windows they fall in, in the caller's transaction: a step stored
     * before takes its new point, a step given twice in {@code points} its last. Each run's chunks are locked for the
     * transaction first, so two writers of one run (two requests of a script) never merge into the same stored chunk
     * and lose each other's points.
     */
    void write(Map<UUID, Map<Short, List<SeriesChunk.Point>>> points) {
        points.keySet().stream()
                .sorted(Comparator.comparingInt(UUID::hashCode).thenComparing(Comparator.naturalOrder()))
                .forEach(runId -> {
                    jdbc.query(LOCK, (RowCallbackHandler) rs -> {}, runId.hashCode());
                    write(runId, points.get(runId));
                });
    }

    private void write(UUID runId, Map<Short, List<SeriesChunk.Point>> byKey) {
        var written = new LinkedHashMap<Window, List<SeriesChunk.Point>>();
        byKey.forEach((keyId, keyPoints) -> ChunkWindows.byWindow(keyPoints)
                .forEach((window, windowPoints) -> written.put(new Window(keyId, window), windowPoints)));
        var stored = stored(runId, written.keySet());
        var chunks = new LinkedHashMap<Window, SeriesChunk>();
        written.forEach(
                (window, windowPoints) -> chunks.put(window, ChunkWindows.merge(stored.get(window), windowPoints)));
        upsert(runId, chunks);
    }

    /** One window of one key of a run. */
    private record Window(short keyId, int window) {}

    private Map<Window, SeriesChunk> stored(UUID runId, Collection<Window> windows) {
        var stored = new HashMap<Window, SeriesChunk>();
        jdbc.query(
                STORED,
                (RowCallbackHandler) rs -> stored.put(new Window(rs.getShort(1), rs.getInt(2)), chunk(rs, 2)),
                windows.stream().map(w -> Short.toString(w.keyId())).collect(Collectors.joining(",", "{", "}")),
                windows.stream().map(w -> Integer.toString(w.window())).collect(Collectors.joining(",", "{", "}")),
                runId);
        return stored;
    }

    /** Upserts {@code chunks} as one batch of statements, arrays of primitives sent as arrays. */
    private void upsert(UUID runId, Map<Window, SeriesChunk> chunks) {
        jdbc.execute((Connection connection) -> {
            var postgres = connection.unwrap(PGConnection.class);
            try (PreparedStatement statement = connection.prepareStatement(UPSERT)) {
                for (var entry : chunks.entrySet()) {
                    var chunk = entry.getValue();
                    var epochs = chunk.epochs();
                    statement.setObject(1, runId);
                    statement.setShort(2, entry.getKey().keyId());
                    statement.setInt(3, entry.getKey().window());
                    statement.setInt(4, chunk.firstStep());
                    statement.setInt(5, chunk.lastStep());
                    statement.setInt(6, chunk.count());
                    statement.setDouble(7, chunk.min());
                    statement.setDouble(8, chunk.max());
                    statement.setDouble(9, chunk.last());
                    statement.setLong(10, chunk.firstWallMillis());
                    statement.setLong(11, chunk.firstWallMillis() + chunk.wallOffsets()[chunk.count() - 1]);
                    setDouble(statement, 12, epochs.constant());
                    setDouble(statement, 13, epochs.stepsPerEpoch());
                    statement.setArray(
                            14, epochs.listed() == null ? null : postgres.createArrayOf("float8", epochs.listed()));
                    statement.setArray(
                            15, chunk.steps() == null ? null : postgres.createArrayOf("int4", chunk.steps()));
                    var walls = PackedWalls.of(chunk.wallOffsets());
                    statement.setLong(16, walls.base());
                    statement.setShort(17, (short) walls.bits());
                    statement.setBytes(18, walls.packed());
                    statement.setArray(19, postgres.createArrayOf("float8", chunk.values()));
                    statement.addBatch();
                }
                statement.executeBatch();
            }
            return null;
        });
    }

    private static void setDouble(PreparedStatement statement, int index, Double value) throws SQLException {
        if (value == null) {
            statement.setNull(index, java.sql.Types.DOUBLE);
        } else {
            statement.setDouble(index, value);
        }
    }

    /** The chunk in the row's {@link #COLUMNS}, the first of them at {@code at}. */
    private static SeriesChunk chunk(ResultSet rs, int at) throws SQLException {
        int firstStep = rs.getInt(at + 1);
        long firstWall = rs.getLong(at + 7);
        double constant = rs.getDouble(at + 9);
        Double epochConstant = rs.wasNull() ? null : constant;
        double ratio = rs.getDouble(at + 10);
        Double stepsPerEpoch = rs.wasNull() ? null : ratio;
        double[] listed = doubles(rs.getArray(at + 11));
        int[] steps = ints(rs.getArray(at + 12));
        var walls = new PackedWalls(rs.getLong(at + 13), rs.getShort(at + 14), rs.getBytes(at + 15));
        double[] values = doubles(rs.getArray(at + 16));
        return new SeriesChunk(
                firstStep,
                steps,
                values,
                new SeriesChunk.Epochs(epochConstant, stepsPerEpoch, listed),
                firstWall,
                walls.offsets(values.length));
    }

    private static double[] doubles(Array array) throws SQLException {
        if (array == null) {
            return null;
        }
        Object elements = array.getArray();
        if (elements instanceof double[] primitive) {
            return primitive;
        }
        var boxed = (Double[]) elements;
        var values = new double[boxed.length];
        for (int i = 0; i < boxed.length; i++) {
            values[i] = boxed[i];
        }
        return values;
    }

    private static int[] ints(Array array) throws SQLException {
        if (array == null) {
            return null;
        }
        Object elements = array.getArray();
        if (elements instanceof int[] primitive) {
            return primitive;
        }
        var boxed = (Integer[]) elements;
        var values = new int[boxed.length];
        for (int i = 0; i < boxed.length; i++) {
            values[i] = boxed[i];
        }
        return values;
    }

    /** {@code values} as PostgreSQL's text form of an array, {@code {1,2,3}}, which a cast reads back. */
    static String arrayText(int[] values) {
        return Arrays.stream(values).mapToObj(Integer::toString).collect(Collectors.joining(",", "{", "}"));
    }
}
