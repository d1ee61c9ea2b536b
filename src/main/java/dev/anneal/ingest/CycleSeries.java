package dev.anneal.ingest;

import dev.anneal.metrics.DerivedSeries;
import dev.anneal.metrics.MetricKey;
import dev.anneal.metrics.MetricQueries;
import dev.anneal.metrics.Series;
import dev.anneal.run.RunDocuments;
import dev.anneal.run.Runs;
import dev.anneal.schedule.SchedulePosition;
import java.util.Optional;
import java.util.UUID;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;

/**
 * An external run's {@code cycle} and {@code cycle_pos} series, which Anneal's own training logs at every step: here
 * computed from the schedule read from the run's rate, at the steps it logged that rate. With them, the compare page
 * lays cycle {@code k} of a script's run over cycle {@code k} of any other run, as it does for runs Anneal trained.
 * Warmup counts as cycle 0 at position 0, and the hold after a schedule's last cycle as its end, as in training.
 */
@Component
class CycleSeries implements DerivedSeries {

    private final Runs runs;
    private final RunDocuments documents;
    private final MetricQueries metrics;

    CycleSeries(Runs runs, RunDocuments documents, MetricQueries metrics) {
        this.runs = runs;
        this.documents = documents;
        this.metrics = metrics;
    }

    @Override
    public Optional<Series> derive(UUID runId, MetricKey key, int from, int to, int maxPoints) {
        ToDoubleFunction<SchedulePosition> measure;
        if (key.equals(MetricKey.CYCLE)) {
            measure = position -> position.cycle().index();
        } else if (key.equals(MetricKey.CYCLE_POS)) {
            measure = SchedulePosition::cycleFraction;
        } else {
            return Optional.empty();
        }
        var run = runs.get(runId);
        if (run.kind().isTrainedByAnneal()) {
            return Optional.empty(); // a trained run logs its own, including plateau restarts no schedule foresees
        }
        return documents
                .scheduleReading(run)
                .filter(reading -> reading.rateKey() != null) // drawn at the steps of the logged rate
                .flatMap(reading -> ScheduleReader.cyclesOf(reading).map(curve -> {
                    var rates = metrics.series(runId, new MetricKey(reading.rateKey()), from, to, maxPoints);
                    var points = rates.points().stream()
                            .map(rate -> {
                                double value = measure.applyAsDouble(curve.positionAt(rate.step()));
                                return new Series.Point(rate.step(), rate.epoch(), value, null, null);
                            })
                            .toList();
                    return new Series(key.apiName(), rates.downsampled(), points);
                }));
    }
}
