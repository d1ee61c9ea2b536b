package dev.anneal.metrics;

import java.util.Optional;
import java.util.UUID;

/**
 * A series computed for a run rather than logged by it, served by the metrics API where the run stored none under
 * that key: an external run's position in its schedule's cycles, say, which Anneal's own training logs step by step but
 * a script cannot know. A module that can compute a series for some runs implements this as a bean.
 */
public interface DerivedSeries {

    /**
     * Key {@code key} of run {@code runId} between steps {@code from} and {@code to} (inclusive) in at most
     * {@code maxPoints} points, as {@link MetricQueries#series} would give it; empty when this part does not derive
     * that key for that run.
     */
    Optional<Series> derive(UUID runId, MetricKey key, int from, int to, int maxPoints);
}
