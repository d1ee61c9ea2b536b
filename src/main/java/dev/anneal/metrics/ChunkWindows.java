package dev.anneal.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where the metric store keeps a series' points: in windows of {@value SeriesChunk#MAX_POINTS} steps (window
 * {@code w} holds steps {@code w·992} to {@code w·992 + 991}), one chunk a window. A write merges its points into
 * the chunks of the windows they fall in, a step written again replacing its point, so a retried batch or a resumed
 * run's replay stores each step once, as the store promises; an open window's chunk is rewritten as it fills.
 */
final class ChunkWindows {

    private ChunkWindows() {}

    /** The window of {@code step}. */
    static int windowOf(int step) {
        return Math.floorDiv(step, SeriesChunk.MAX_POINTS);
    }

    /** {@code points} by window, each window's in step order; of a step given more than once, the last is kept. */
    static SortedMap<Integer, List<SeriesChunk.Point>> byWindow(List<SeriesChunk.Point> points) {
        var byStep = new TreeMap<Integer, SeriesChunk.Point>();
        points.forEach(point -> byStep.put(point.step(), point));
        var windows = new TreeMap<Integer, List<SeriesChunk.Point>>();
        byStep.values()
                .forEach(point -> windows.computeIfAbsent(windowOf(point.step()), w -> new ArrayList<>())
                        .add(point));
        return windows;
    }

    /**
     * The chunk of one window: {@code stored}'s points (or none, when {@code null}) with {@code written} merged in,
     * a step in both taking its written point. {@code written} must lie in {@code stored}'s window.
     */
    static SeriesChunk merge(SeriesChunk stored, List<SeriesChunk.Point> written) {
        var byStep = new TreeMap<Integer, SeriesChunk.Point>();
        if (stored != null) {
            stored.points().forEach(point -> byStep.put(point.step(), point));
        }
        int window = stored != null
                ? windowOf(stored.firstStep())
                : windowOf(written.get(0).step());
        for (var point : written) {
            if (windowOf(point.step()) != window) {
                throw new IllegalArgumentException("step %d lies outside window %d".formatted(point.step(), window));
            }
            byStep.put(point.step(), point);
        }
        return SeriesChunk.of(new ArrayList<>(byStep.values()));
    }
}
