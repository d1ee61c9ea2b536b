package dev.anneal.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads metric series back, from their chunks ({@link MetricChunks}): raw when they fit, downsampled into
 * min/max/last buckets when they do not. Every page, export, the sweep controller and the MLflow endpoints read the
 * store through this class.
 */
@Component
public class MetricQueries {

    private final MetricChunks chunks;

    private final MetricKeyIds ids;

    MetricQueries(MetricChunks chunks, MetricKeyIds ids) {
        this.chunks = chunks;
        this.ids = ids;
    }

    /** The keys the run has logged at least one point of. */
    public List<MetricKey> keysOf(UUID runId) {
        return chunks.keys(runId).stream()
                .sorted() // Anneal's own keys first, in their order; then names scripts logged, oldest first
                .map(ids::keyOf)
                .toList();
    }

    /**
     * The first {@code limit} points of {@code key}, every one, in step order: what a schedule is read from. Empty when
     * nobody logged it.
     */
    public StepValues values(UUID runId, MetricKey key, int limit) {
        var points = ids.find(key).map(id -> pointsAfter(runId, id, -1, limit)).orElse(List.of());
        var steps = new long[points.size()];
        var values = new double[points.size()];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = points.get(i).step();
            values[i] = points.get(i).value();
        }
        return new StepValues(steps, values);
    }

    /**
     * The points of {@code key} after step {@code afterStep}, in step order, at most {@code limit}, with their wall
     * times: a page of a series' history (MLflow's get-history).
     */
    public List<Logged> history(UUID runId, MetricKey key, long afterStep, int limit) {
        return ids.find(key)
                .map(id -> pointsAfter(runId, id, afterStep, limit).stream()
                        .map(point -> new Logged(key, point.step(), point.value(), point.wallTime()))
                        .toList())
                .orElse(List.of());
    }

    /**
     * Up to {@code limit} points of a series after {@code afterStep}, read a page of chunks at a time: as many chunks
     * as the points would fill if every window were full, then twice as many each time sparse windows fall short.
     */
    private List<SeriesChunk.Point> pointsAfter(UUID runId, short keyId, long afterStep, int limit) {
        var points = new ArrayList<SeriesChunk.Point>();
        long after = afterStep;
        int page = limit / SeriesChunk.MAX_POINTS + 2;
        while (points.size() < limit) {
            var read = chunks.after(runId, keyId, after, page);
            for (var chunk : read) {
                for (var point : chunk.points()) {
                    if (point.step() > after && points.size() < limit) {
                        points.add(point);
                    }
                }
            }
            if (read.size() < page) {
                break; // the series ends here
            }
            after = read.get(read.size() - 1).lastStep();
            page = Math.min(page * 2, 10_000);
        }
        return points;
    }

    /**
     * The last value of {@code key} logged in each step range {@code [froms[i], tos[i]]}, or {@code null} for a range
     * with none: one chunk per range, however many points the ranges hold.
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
        var found = chunks.lastBefore(runId, id.get(), froms, tos);
        for (int i = 0; i < froms.length; i++) {
            var chunk = found.get(i);
            if (chunk == null) {
                continue;
            }
            // the chunk starts at or before the range's end, and any later one after it: its last point up to the
            // end is the range's, when it lies in the range at all
            for (int p = chunk.count() - 1; p >= 0; p--) {
                int step = chunk.stepAt(p);
                if (step <= tos[i]) {
                    if (step >= froms[i]) {
                        last.set(i, chunk.values()[p]);
                    }
                    break;
                }
            }
        }
        return last;
    }

    /**
     * The last point of every key of each of {@code runIds} (MLflow's latest metrics), read from the chunks'
     * summaries, so a run of a million steps costs a thousand rows, not a million.
     */
    public Map<UUID, List<Logged>> latest(Collection<UUID> runIds) {
        var latest = new LinkedHashMap<UUID, List<Logged>>();
        if (runIds.isEmpty()) {
            return latest;
        }
        for (var last : chunks.latest(runIds)) {
            latest.computeIfAbsent(last.runId(), run -> new ArrayList<>())
                    .add(new Logged(
                            ids.keyOf(last.keyId()),
                            last.step(),
                            last.value(),
                            Instant.ofEpochMilli(last.wallMillis())));
        }
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
        if (id.isEmpty() || to < Math.max(0, from)) {
            return new Series(key.apiName(), false, List.of()); // nobody ever logged it, or no step asked for
        }
        short keyId = id.get();
        int fromWindow = ChunkWindows.windowOf(Math.max(0, from));
        int toWindow = ChunkWindows.windowOf(to);
        var summaries = chunks.summaries(runId, keyId, fromWindow, toWindow);
        var extent = extent(runId, keyId, summaries, from, to);
        if (extent.count() == 0) {
            return new Series(key.apiName(), false, List.of());
        }
        if (extent.count() <= maxPoints) {
            return new Series(key.apiName(), false, raw(runId, keyId, from, to));
        }
        long span = (long) extent.lastStep() - extent.firstStep() + 1;
        SeriesBuckets buckets;
        if (span / maxPoints >= SeriesChunk.MAX_POINTS) {
            // a bucket spans a chunk or more: the chunks' summaries are enough, each counted whole in the bucket
            // where its window starts, so the first and last bucket may reach less than a chunk past the range
            int origin = ChunkWindows.windowOf(extent.firstStep()) * SeriesChunk.MAX_POINTS;
            var byChunk = new SeriesBuckets(origin, extent.lastStep() + 1L, maxPoints);
            summaries.forEach(summary -> byChunk.add(
                    summary.window() * SeriesChunk.MAX_POINTS,
                    summary.lastStep(),
                    summary.lastEpoch(),
                    summary.last(),
                    summary.min(),
                    summary.max()));
            buckets = byChunk;
        } else {
            buckets = new SeriesBuckets(extent.firstStep(), extent.lastStep() + 1L, maxPoints);
            for (var chunk : chunks.chunks(runId, keyId, fromWindow, toWindow)) {
                for (var point : chunk.points()) {
                    if (point.step() >= from && point.step() <= to) {
                        buckets.add(
                                point.step(), point.step(), point.epoch(), point.value(), point.value(), point.value());
                    }
                }
            }
        }
        return new Series(key.apiName(), true, buckets.points());
    }

    /**
     * How many points a range holds and the steps it really spans, so no bucket is spent on empty steps: the chunks
     * wholly inside the range counted from their summaries, the one or two at its ends opened.
     */
    private Extent extent(UUID runId, short keyId, List<MetricChunks.Summary> summaries, int from, int to) {
        long count = 0;
        int first = Integer.MAX_VALUE;
        int last = Integer.MIN_VALUE;
        for (var summary : summaries) {
            if (summary.firstStep() >= from && summary.lastStep() <= to) {
                count += summary.count();
                first = Math.min(first, summary.firstStep());
                last = Math.max(last, summary.lastStep());
                continue;
            }
            for (var chunk : chunks.chunks(runId, keyId, summary.window(), summary.window())) {
                for (int p = 0; p < chunk.count(); p++) {
                    int step = chunk.stepAt(p);
                    if (step >= from && step <= to) {
                        count++;
                        first = Math.min(first, step);
                        last = Math.max(last, step);
                    }
                }
            }
        }
        return new Extent(count, first, last);
    }

    /** How many points a range holds and its first and last step. */
    private record Extent(long count, int firstStep, int lastStep) {}

    private List<Series.Point> raw(UUID runId, short keyId, int from, int to) {
        var points = new ArrayList<Series.Point>();
        for (var chunk :
                chunks.chunks(runId, keyId, ChunkWindows.windowOf(Math.max(0, from)), ChunkWindows.windowOf(to))) {
            for (var point : chunk.points()) {
                if (point.step() >= from && point.step() <= to) {
                    points.add(new Series.Point(point.step(), point.epoch(), point.value(), null, null));
                }
            }
        }
        return points;
    }

    /** Streams the run's whole history as CSV ({@code key,step,epoch,value,wall_time}) to {@code out}. */
    @Transactional(readOnly = true) // a cursor, not the whole history in memory, needs a transaction in PostgreSQL
    public void writeCsv(UUID runId, Writer out) {
        try {
            out.write("key,step,epoch,value,wall_time\n");
            chunks.forEach(runId, (keyId, chunk) -> {
                String name = ids.keyOf(keyId).apiName();
                for (var point : chunk.points()) {
                    out.write(name);
                    out.write(',');
                    out.write(Integer.toString(point.step()));
                    out.write(',');
                    out.write(Double.toString(point.epoch()));
                    out.write(',');
                    out.write(Double.toString(point.value()));
                    out.write(',');
                    out.write(point.wallTime().toString());
                    out.write('\n');
                }
            });
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
