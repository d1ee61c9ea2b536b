package dev.anneal.ingest;

import dev.anneal.metrics.MetricPoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a script logs in one request, validated: stored whole or not at all ({@link RunLogs#log}).
 *
 * @param points metric points; a key and step given twice keeps its last value (one statement may touch a row once)
 * @param params params to record (write-once)
 * @param tags tags to set
 */
public record LoggedBatch(List<MetricPoint> points, Map<String, String> params, Map<String, String> tags) {

    public LoggedBatch {
        var last = new LinkedHashMap<String, MetricPoint>();
        points.forEach(point -> last.put(point.key().name() + "@" + point.step(), point));
        points = List.copyOf(last.values());
        params = Map.copyOf(params);
        tags = Map.copyOf(tags);
    }

    /** The last step any point is at, or -1 for a batch without points. */
    public long lastStep() {
        return points.stream().mapToLong(MetricPoint::step).max().orElse(-1);
    }
}
