package dev.anneal.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Pre-aggregated buckets of every series (see {@code V4__metric_rollups.sql}): the min, max and last point of each
 * bucket of {@link #WIDTHS} steps, so a long series is downsampled from a few thousand rows instead of all its points.
 */
@Component
class MetricRollups {

    /** Bucket widths in steps, finest first. */
    static final List<Integer> WIDTHS = List.of(16, 64, 256, 1024);

    /**
     * Requested buckets gathered from rollup rows of one width: a range of the rollup's primary key and one aggregate,
     * nothing whose plan depends on what the statistics know of the run.
     */
    static final String BUCKETS = """
            select max(last_step), (array_agg(last_epoch order by last_step desc))[1],
                   (array_agg(last_value order by last_step desc))[1], min(min_value), max(max_value)
            from metric_rollup
            where run_id = ? and key_id = ? and width = ? and bucket between ? and ?
            group by width_bucket(bucket * ?, ?, ?, ?)
            order by 1
            """;

    private final JdbcTemplate jdbc;

    private final MetricKeyIds ids;

    MetricRollups(JdbcTemplate jdbc, MetricKeyIds ids) {
        this.jdbc = jdbc;
        this.ids = ids;
    }

    /**
     * Recomputes, from the stored points, every bucket that steps {@code from} to {@code to} of the key touch. Run in
     * the transaction that wrote those points.
     */
    void refresh(UUID runId, MetricKey key, int from, int to) {
        // every width from one read of the points: the range of the widest buckets the steps touch
        int widest = WIDTHS.get(WIDTHS.size() - 1);
        jdbc.update(
                """
                insert into metric_rollup
                    (last_epoch, last_value, min_value, max_value, run_id, width, bucket, last_step, key_id)
                select (array_agg(p.epoch order by p.step desc))[1], (array_agg(p.value order by p.step desc))[1],
                       min(p.value), max(p.value), ?, w.width, p.step / w.width, max(p.step), ?
                from metric_point p
                cross join unnest(?::int[]) as w (width)
                where p.run_id = ? and p.key_id = ? and p.step between ? and ?
                  and p.step between ? / w.width * w.width and (? / w.width + 1) * w.width - 1
                group by w.width, p.step / w.width
                on conflict (run_id, key_id, width, bucket) do update set
                    last_epoch = excluded.last_epoch, last_value = excluded.last_value,
                    min_value = excluded.min_value, max_value = excluded.max_value, last_step = excluded.last_step
                """,
                runId,
                ids.register(key),
                WIDTHS.toArray(new Integer[0]),
                runId,
                ids.register(key),
                from / widest * widest,
                (long) (to / widest + 1) * widest - 1,
                from,
                to);
    }

    /**
     * The coarsest width that still gives at least {@code buckets} rollup rows over {@code span} steps, so every
     * requested bucket gathers whole rollup buckets; empty when the span is too short for the finest.
     */
    static Optional<Integer> widthFor(int span, int buckets) {
        for (int i = WIDTHS.size() - 1; i >= 0; i--) {
            if (span / WIDTHS.get(i) >= buckets) {
                return Optional.of(WIDTHS.get(i));
            }
        }
        return Optional.empty();
    }

    /**
     * {@code buckets} equal-width step buckets over the extent, gathered from rollup rows of {@code width}. A bucket's
     * edges fall on rollup edges, so the first and last may reach up to {@code width - 1} steps past the extent; at
     * the spans this is used for ({@code width} at most a {@code buckets}-th of the span) that is less than a bucket.
     */
    List<Series.Point> buckets(UUID runId, short keyId, int firstStep, int lastStep, int buckets, int width) {
        return jdbc.query(
                BUCKETS,
                (rs, i) -> new Series.Point(
                        rs.getInt(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5)),
                runId,
                keyId,
                width,
                firstStep / width,
                lastStep / width,
                width,
                firstStep / width * width,
                lastStep + 1,
                buckets);
    }

    /** Refreshes the buckets {@code points} touched: per run and key, those between its first and last step. */
    void refresh(List<MetricPoint> points) {
        var touched = new LinkedHashMap<String, Touched>();
        for (MetricPoint point : points) {
            touched.merge(
                    point.runId() + "/" + point.key(),
                    new Touched(point.runId(), point.key(), point.step(), point.step()),
                    Touched::span);
        }
        touched.values().forEach(range -> refresh(range.runId(), range.key(), range.from(), range.to()));
    }

    /** The steps a batch wrote of one run's key. */
    private record Touched(UUID runId, MetricKey key, int from, int to) {

        Touched span(Touched other) {
            return new Touched(runId, key, Math.min(from, other.from), Math.max(to, other.to));
        }
    }
}
