package dev.anneal.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Reads metric series back: raw when they fit, downsampled into min/max/last buckets when they do not. */
@Component
public class MetricQueries {

    private static final int CSV_FETCH_SIZE = 10_000;

    // Every query here must keep its plan when the planner knows nothing of the run: a new run's id is never in the
    // statistics (it estimates one row), and that is the run people watch live. So each reads index ranges of the
    // primary key, and no query gives the planner a join whose order could repeat an aggregate once per point.
    // MetricQueryPlanTests checks the plans on statistics that do not know the run.

    /** Which keys a run has: one index probe per key rather than reading every point of the run. */
    static final String KEYS =
            "select k.id from metric_key k where exists (select 1 from metric_point p where p.run_id = ? and p.key_id = k.id)";

    /**
     * How many points a range holds, up to a limit, and its first and last step. The first and last step come from
     * the primary key's index; the count stops once it passes the limit, so a long series is never counted in full
     * just to learn that it is long.
     */
    static final String EXTENT = """
            select (select count(*) from (select 1 from metric_point
                        where run_id = ? and key_id = ? and step between ? and ? limit ?) as fits),
                   (select min(step) from metric_point where run_id = ? and key_id = ? and step between ? and ?),
                   (select max(step) from metric_point where run_id = ? and key_id = ? and step between ? and ?)
            """;

    /** Every point of a range. */
    static final String RAW =
            "select step, epoch, value from metric_point where run_id = ? and key_id = ? and step between ? and ?"
                    + " order by step";

    /**
     * Equal-width buckets of a range, with each bucket's last point. The buckets are materialized, so they are
     * computed once; the last point is a lateral lookup by primary key, one per bucket. As a plain join, a planner
     * that estimated one point for the run put the points outside and computed every bucket again for each of them:
     * 25 s instead of 17 ms for 10 000 points. ({@code limit 1} keeps the lateral lookup from being flattened back
     * into such a join.)
     */
    static final String BUCKETS = """
            with bucket as materialized (
                select max(step) as step, min(value) as min, max(value) as max
                from metric_point
                where run_id = ? and key_id = ? and step between ? and ?
                group by width_bucket(step, ?, ?, ?)
            )
            select bucket.step, last.epoch, last.value, bucket.min, bucket.max
            from bucket
            cross join lateral (
                select epoch, value from metric_point
                where run_id = ? and key_id = ? and step = bucket.step
                limit 1
            ) as last
            order by bucket.step
            """;

    private final JdbcTemplate jdbc;
    private final MetricRollups rollups;

    private final MetricKeyIds ids;

    MetricQueries(JdbcTemplate jdbc, MetricRollups rollups, MetricKeyIds ids) {
        this.jdbc = jdbc;
        this.rollups = rollups;
        this.ids = ids;
    }

    /** The keys the run has logged at least one point of. */
    public List<MetricKey> keysOf(UUID runId) {
        return jdbc.queryForList(KEYS, Short.class, runId).stream()
                .sorted() // Anneal's own keys first, in their order; then names scripts logged, oldest first
                .map(ids::keyOf)
                .toList();
    }

    /**
     * The first {@code limit} points of {@code key}, every one, in step order: what a schedule is read from. Empty when
     * nobody logged it.
     */
    public StepValues values(UUID runId, MetricKey key, int limit) {
        var id = ids.find(key);
        if (id.isEmpty()) {
            return new StepValues(new long[0], new double[0]);
        }
        var columns = new Columns();
        jdbc.query(
                "select step, value from metric_point where run_id = ? and key_id = ? order by step limit ?",
                rs -> {
                    columns.add(rs.getInt(1), rs.getDouble(2));
                },
                runId,
                id.get(),
                limit);
        return columns.values();
    }

    /** Steps and values read one point at a time, into arrays that grow as they fill. */
    private static final class Columns {

        private long[] steps = new long[1024];
        private double[] values = new double[1024];
        private int size;

        void add(long step, double value) {
            if (size == steps.length) {
                steps = Arrays.copyOf(steps, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            steps[size] = step;
            values[size++] = value;
        }

        StepValues values() {
            return new StepValues(Arrays.copyOf(steps, size), Arrays.copyOf(values, size));
        }
    }

    /**
     * The points of {@code key} after step {@code afterStep}, in step order, at most {@code limit}, with their wall
     * times: a page of a series' history (MLflow's get-history).
     */
    public List<Logged> history(UUID runId, MetricKey key, long afterStep, int limit) {
        var id = ids.find(key);
        if (id.isEmpty()) {
            return List.of();
        }
        return jdbc.query(
                "select step, value, wall_time from metric_point where run_id = ? and key_id = ? and step > ?"
                        + " order by step limit ?",
                (rs, i) -> new Logged(
                        key, rs.getInt(1), rs.getDouble(2), rs.getTimestamp(3).toInstant()),
                runId,
                id.get(),
                afterStep,
                limit);
    }

    /**
     * The last value of {@code key} logged in each step range {@code [froms[i], tos[i]]}, or {@code null} for a range
     * with none: one index probe per range, however many points the ranges hold.
     */
    public List<Double> lastInRanges(UUID runId, MetricKey key, int[] froms, int[] tos) {
        if (froms.length != tos.length) {
            throw new IllegalArgumentException("froms and tos must pair up");
        }
        var last = new ArrayList<Double>(Collections.nCopies(froms.length, (Double) null));
        var id = ids.find(key);
        if (id.isEmpty() || froms.length == 0) {
            return last;
        }
        jdbc.query(
                """
                select r.i, p.value
                from unnest(cast(? as int4[]), cast(? as int4[])) with ordinality as r(lo, hi, i)
                cross join lateral (
                    select value from metric_point
                    where run_id = ? and key_id = ? and step between r.lo and r.hi
                    order by step desc limit 1
                ) as p
                """,
                rs -> {
                    last.set(rs.getInt(1) - 1, rs.getDouble(2));
                },
                arrayText(froms),
                arrayText(tos),
                runId,
                id.get());
        return last;
    }

    /** {@code values} as PostgreSQL's text form of an array, {@code {1,2,3}}, which a cast reads back. */
    private static String arrayText(int[] values) {
        return Arrays.stream(values).mapToObj(Integer::toString).collect(Collectors.joining(",", "{", "}"));
    }

    /**
     * The last point of every key of each of {@code runIds} (MLflow's latest metrics), read from the widest rollups,
     * so a run of a million steps costs a thousand rows, not a million.
     */
    public Map<UUID, List<Logged>> latest(Collection<UUID> runIds) {
        var latest = new LinkedHashMap<UUID, List<Logged>>();
        if (runIds.isEmpty()) {
            return latest;
        }
        jdbc.query(
                """
                select r.run_id, r.key_id, r.last_step, r.last_value, p.wall_time
                from (select distinct on (run_id, key_id) run_id, key_id, last_step, last_value
                      from metric_rollup where run_id = any(?) and width = ?
                      order by run_id, key_id, bucket desc) r
                join metric_point p on p.run_id = r.run_id and p.key_id = r.key_id and p.step = r.last_step
                order by r.run_id, r.key_id
                """,
                rs -> {
                    latest.computeIfAbsent(rs.getObject(1, UUID.class), run -> new ArrayList<>())
                            .add(new Logged(
                                    ids.keyOf(rs.getShort(2)),
                                    rs.getInt(3),
                                    rs.getDouble(4),
                                    rs.getTimestamp(5).toInstant()));
                },
                runIds.toArray(new UUID[0]),
                MetricRollups.WIDTHS.get(MetricRollups.WIDTHS.size() - 1));
        return latest;
    }

    /**
     * One logged point, as MLflow shows it.
     *
     * @param key its metric
     * @param step its step
     * @param value its value
     * @param wallTime when it was measured
     */
    public record Logged(MetricKey key, long step, double value, Instant wallTime) {}

    /**
     * Points of one series, every one, as two columns.
     *
     * @param steps each point's step, ascending
     * @param values each point's value
     */
    public record StepValues(long[] steps, double[] values) {}

    /**
     * The series of {@code key} between steps {@code from} and {@code to} (inclusive), with at most
     * {@code maxPoints} points: every point when they fit, else {@code maxPoints} equal-width buckets of steps.
     */
    public Series series(UUID runId, MetricKey key, int from, int to, int maxPoints) {
        var id = ids.find(key);
        if (id.isEmpty()) {
            return new Series(key.apiName(), false, List.of()); // nobody ever logged it
        }
        short keyId = id.get();
        var extent = jdbc.queryForObject(
                EXTENT,
                (rs, i) -> new Extent(rs.getLong(1), rs.getInt(2), rs.getInt(3)),
                runId,
                keyId,
                from,
                to,
                maxPoints + 1,
                runId,
                keyId,
                from,
                to,
                runId,
                keyId,
                from,
                to);
        if (extent.count() <= maxPoints) {
            return new Series(key.apiName(), false, raw(runId, keyId, from, to));
        }
        int span = extent.lastStep() - extent.firstStep() + 1;
        var points = MetricRollups.widthFor(span, maxPoints)
                .map(width -> rollups.buckets(runId, keyId, extent.firstStep(), extent.lastStep(), maxPoints, width))
                .orElseGet(() -> buckets(runId, keyId, extent, maxPoints));
        return new Series(key.apiName(), true, points);
    }

    /**
     * How many points a range holds (up to one more than fit) and the steps it really spans, so no bucket is spent
     * on empty steps.
     */
    private record Extent(long count, int firstStep, int lastStep) {}

    private List<Series.Point> raw(UUID runId, short keyId, int from, int to) {
        return jdbc.query(
                RAW,
                (rs, i) -> new Series.Point(rs.getInt(1), rs.getDouble(2), rs.getDouble(3), null, null),
                runId,
                keyId,
                from,
                to);
    }

    /**
     * Equal-width step buckets straight from the points, for spans too short for the finest rollups: each bucket's
     * smallest and largest value in one aggregate pass, then its last point looked up by primary key (see
     * {@link #BUCKETS}). Picking the last point inside the aggregate (an ordered {@code array_agg}) sorted every
     * bucket and cost four times as much on a 100 000-step series.
     */
    private List<Series.Point> buckets(UUID runId, short keyId, Extent extent, int buckets) {
        return jdbc.query(
                BUCKETS,
                (rs, i) -> new Series.Point(
                        rs.getInt(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5)),
                runId,
                keyId,
                extent.firstStep(),
                extent.lastStep(),
                extent.firstStep(),
                extent.lastStep() + 1,
                buckets,
                runId,
                keyId);
    }

    /** Streams the run's whole history as CSV ({@code key,step,epoch,value,wall_time}) to {@code out}. */
    @Transactional(readOnly = true) // a cursor, not the whole history in memory, needs a transaction in PostgreSQL
    public void writeCsv(UUID runId, Writer out) {
        try {
            out.write("key,step,epoch,value,wall_time\n");
            var cursor = new JdbcTemplate(jdbc.getDataSource());
            cursor.setFetchSize(CSV_FETCH_SIZE);
            cursor.query(
                    "select key_id, step, epoch, value, wall_time from metric_point where run_id = ?"
                            + " order by key_id, step",
                    rs -> {
                        try {
                            out.write(ids.keyOf(rs.getShort(1)).apiName());
                            out.write(',');
                            out.write(Integer.toString(rs.getInt(2)));
                            out.write(',');
                            out.write(Double.toString(rs.getDouble(3)));
                            out.write(',');
                            out.write(Double.toString(rs.getDouble(4)));
                            out.write(',');
                            out.write(rs.getTimestamp(5).toInstant().toString());
                            out.write('\n');
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    },
                    runId);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
