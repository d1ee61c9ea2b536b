package dev.anneal.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Reads metric series back: raw when they fit, downsampled into min/max/last buckets when they do not. */
@Component
public class MetricQueries {

    private static final int CSV_FETCH_SIZE = 10_000;

    private final JdbcTemplate jdbc;

    MetricQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The keys the run has logged at least one point of. */
    public List<MetricKey> keysOf(UUID runId) {
        return jdbc
                .queryForList("select distinct key_id from metric_point where run_id = ?", Short.class, runId)
                .stream()
                .map(MetricKey::ofId)
                .sorted()
                .toList();
    }

    /**
     * The series of {@code key} between steps {@code from} and {@code to} (inclusive), with at most
     * {@code maxPoints} points: every point when they fit, else {@code maxPoints} equal-width buckets of steps.
     */
    public Series series(UUID runId, MetricKey key, int from, int to, int maxPoints) {
        var extent = jdbc.queryForObject(
                "select count(*), min(step), max(step) from metric_point"
                        + " where run_id = ? and key_id = ? and step between ? and ?",
                (rs, i) -> new Extent(rs.getLong(1), rs.getInt(2), rs.getInt(3)),
                runId,
                key.id(),
                from,
                to);
        if (extent.count() <= maxPoints) {
            return new Series(key.apiName(), false, raw(runId, key, from, to));
        }
        return new Series(key.apiName(), true, buckets(runId, key, extent, maxPoints));
    }

    /** How many points a range holds and the steps it really spans, so no bucket is spent on empty steps. */
    private record Extent(long count, int firstStep, int lastStep) {}

    private List<Series.Point> raw(UUID runId, MetricKey key, int from, int to) {
        return jdbc.query(
                "select step, epoch, value from metric_point where run_id = ? and key_id = ? and step between ? and ?"
                        + " order by step",
                (rs, i) -> new Series.Point(rs.getInt(1), rs.getDouble(2), rs.getDouble(3), null, null),
                runId,
                key.id(),
                from,
                to);
    }

    private List<Series.Point> buckets(UUID runId, MetricKey key, Extent extent, int buckets) {
        return jdbc.query(
                """
                select max(step) as step,
                       (array_agg(epoch order by step desc))[1] as epoch,
                       (array_agg(value order by step desc))[1] as last,
                       min(value) as min, max(value) as max
                from metric_point
                where run_id = ? and key_id = ? and step between ? and ?
                group by width_bucket(step, ?, ?, ?)
                order by 1
                """,
                (rs, i) -> new Series.Point(
                        rs.getInt(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5)),
                runId,
                key.id(),
                extent.firstStep(),
                extent.lastStep(),
                extent.firstStep(),
                extent.lastStep() + 1,
                buckets);
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
                            out.write(MetricKey.ofId(rs.getShort(1)).apiName());
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
