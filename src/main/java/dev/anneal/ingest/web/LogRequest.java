package dev.anneal.ingest.web;

import dev.anneal.ingest.LoggedBatch;
import dev.anneal.metrics.MetricKey;
import dev.anneal.metrics.MetricPoint;
import dev.anneal.run.LoggedFields;
import dev.anneal.web.FieldErrors;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The body of {@code POST /api/runs/{id}/log}: metric points by series, columnar (a key, its steps, its values and,
 * optionally, each point's wall time in milliseconds since the epoch), with params and tags. Validated here, whole,
 * into the {@link LoggedBatch} stored; a request with any problem stores nothing.
 *
 * @param metrics the series, each a key with its points
 * @param params params to record: write-once, a number or a boolean kept as its text
 * @param tags tags to set
 */
record LogRequest(List<SeriesRequest> metrics, Map<String, Object> params, Map<String, Object> tags) {

    /** The most points one request carries. */
    static final int MAX_POINTS = 100_000;

    /** The most series one request carries. */
    static final int MAX_SERIES = 1_000;

    /** The most params, and the most tags, one request carries: MLflow's bound for its log-batch. */
    static final int MAX_FIELDS = 100;

    /** The latest wall time taken, the last millisecond of the year 9999: later is a unit mistake. */
    static final long MAX_TIME = 253_402_300_799_999L;

    /** The most problems one answer lists of a request's points: a batch wrong throughout is told so in a page. */
    static final int MAX_POINT_PROBLEMS = 20;

    /**
     * One series of a batch.
     *
     * @param key the metric's name
     * @param steps each point's step: whole numbers from 0
     * @param values each point's value: finite numbers
     * @param times each point's wall time in milliseconds since the epoch, or {@code null} for the time received
     */
    record SeriesRequest(String key, long[] steps, double[] values, long[] times) {}

    /** The batch for the run {@code runId}, received at {@code now}, with every problem recorded in {@code errors}. */
    LoggedBatch toBatch(UUID runId, Instant now, FieldErrors errors) {
        var points = points(runId, now, errors);
        var paramsRead = fields("params", params, errors);
        var tagsRead = fields("tags", tags, errors);
        return new LoggedBatch(
                points, LoggedFields.params("params", paramsRead, errors), LoggedFields.tags("tags", tagsRead, errors));
    }

    private static Map<String, Object> fields(String field, Map<String, Object> given, FieldErrors errors) {
        if (given != null && given.size() > MAX_FIELDS) {
            errors.reject(
                    field,
                    null,
                    "%s must hold at most %d entries a request but held %d".formatted(field, MAX_FIELDS, given.size()));
            return Map.of();
        }
        return given;
    }

    private List<MetricPoint> points(UUID runId, Instant now, FieldErrors errors) {
        if (metrics == null) {
            return List.of();
        }
        if (metrics.size() > MAX_SERIES) {
            errors.reject(
                    "metrics",
                    null,
                    "metrics must hold at most %d series a request but held %d".formatted(MAX_SERIES, metrics.size()));
            return List.of();
        }
        long total = 0;
        for (int i = 0; i < metrics.size(); i++) {
            var series = metrics.get(i);
            total += series == null || series.steps() == null ? 0 : series.steps().length;
        }
        if (total > MAX_POINTS) {
            errors.reject(
                    "metrics",
                    null,
                    "metrics must hold at most %d points a request but held %d: send them in several"
                            .formatted(MAX_POINTS, total));
            return List.of();
        }
        var points = new ArrayList<MetricPoint>();
        var problems = new PointProblems(errors);
        for (int i = 0; i < metrics.size(); i++) {
            var series = metrics.get(i);
            String at = "metrics[" + i + "]";
            if (series == null) {
                errors.reject(at, null, at + " must be a series: {key, steps, values, times?}");
                continue;
            }
            var key = MetricKey.fromApiName(series.key());
            if (key.isEmpty()) {
                errors.reject(at + ".key", series.key(), at + ".key: " + MetricKey.rule(series.key()));
            }
            if (!lengthsAgree(series, at, errors) || key.isEmpty()) {
                continue;
            }
            for (int j = 0; j < series.steps().length; j++) {
                long step = series.steps()[j];
                double value = series.values()[j];
                long time = series.times() == null ? now.toEpochMilli() : series.times()[j];
                boolean fine = true;
                if (step < 0 || step > Integer.MAX_VALUE) {
                    fine = problems.add(
                            at + ".steps[" + j + "]",
                            "must be a step from 0 to %d but was %d".formatted(Integer.MAX_VALUE, step));
                }
                if (!Double.isFinite(value)) {
                    fine = problems.add(at + ".values[" + j + "]", "must be a finite number but was " + value);
                }
                if (time < 0 || time > MAX_TIME) {
                    fine = problems.add(
                            at + ".times[" + j + "]", "must be milliseconds since 1970-01-01 but was " + time);
                }
                if (fine) {
                    points.add(new MetricPoint(runId, key.get(), (int) step, 0, value, Instant.ofEpochMilli(time)));
                }
            }
        }
        problems.finish();
        return points; // a step sent twice keeps its last value (LoggedBatch)
    }

    private static boolean lengthsAgree(SeriesRequest series, String at, FieldErrors errors) {
        if (series.steps() == null || series.values() == null) {
            errors.reject(at, null, at + " needs steps and values, one of each a point");
            return false;
        }
        if (series.values().length != series.steps().length) {
            errors.reject(
                    at + ".values",
                    null,
                    "%s.values must hold one value a step: %d steps but %d values"
                            .formatted(at, series.steps().length, series.values().length));
            return false;
        }
        if (series.times() != null && series.times().length != series.steps().length) {
            errors.reject(
                    at + ".times",
                    null,
                    "%s.times must hold one time a step: %d steps but %d times"
                            .formatted(at, series.steps().length, series.times().length));
            return false;
        }
        return true;
    }

    /** The problems of single points, the first {@value #MAX_POINT_PROBLEMS} named and the rest counted. */
    private static final class PointProblems {

        private final FieldErrors errors;
        private int count;

        PointProblems(FieldErrors errors) {
            this.errors = errors;
        }

        /** Records that the point at {@code field} {@code message}; always false, the point being refused. */
        boolean add(String field, String message) {
            if (count++ < MAX_POINT_PROBLEMS) {
                errors.reject(field, null, field + " " + message);
            }
            return false;
        }

        void finish() {
            if (count > MAX_POINT_PROBLEMS) {
                errors.reject(
                        "metrics",
                        null,
                        "and %d more points are refused for the same reasons".formatted(count - MAX_POINT_PROBLEMS));
            }
        }
    }
}
