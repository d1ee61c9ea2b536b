package dev.anneal.metrics;

import java.time.Instant;
import java.util.UUID;

/**
 * One value of one metric of one run.
 *
 * @param runId the run
 * @param key the metric
 * @param step the global optimizer step the value belongs to
 * @param epoch the fractional epoch at that step
 * @param value the value
 * @param wallTime when it was measured
 */
public record MetricPoint(UUID runId, MetricKey key, int step, double epoch, double value, Instant wallTime) {}
