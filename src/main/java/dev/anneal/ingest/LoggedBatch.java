package dev.anneal.ingest;

import dev.anneal.metrics.MetricPoint;
import java.util.List;
import java.util.Map;

/**
 * What a script logs in one request, validated: stored whole or not at all ({@link RunLogs#log}).
 *
 * @param points metric points, at most one per key and step
 * @param params params to record (write-once)
 * @param tags tags to set
 */
public record LoggedBatch(List<MetricPoint> points, Map<String, String> params, Map<String, String> tags) {

    public LoggedBatch {
        points = List.copyOf(points);
        params = Map.copyOf(params);
        tags = Map.copyOf(tags);
    }

    /** The last step any point is at, or -1 for a batch without points. */
    public long lastStep() {
        return points.stream().mapToLong(MetricPoint::step).max().orElse(-1);
    }
}
