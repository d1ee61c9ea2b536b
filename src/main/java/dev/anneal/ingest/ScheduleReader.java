package dev.anneal.ingest;

import dev.anneal.metrics.MetricQueries;
import dev.anneal.metrics.MetricQueries.StepValues;
import dev.anneal.run.Run;
import dev.anneal.run.RunDocuments;
import dev.anneal.run.ScheduleReading;
import dev.anneal.run.ScheduleReading.Departure;
import dev.anneal.run.ScheduleReading.Source;
import dev.anneal.schedule.CosineWarmRestarts;
import dev.anneal.schedule.InferredSchedule;
import dev.anneal.schedule.RateSchedule;
import dev.anneal.schedule.RateSeries;
import dev.anneal.schedule.ScheduleConfig;
import dev.anneal.schedule.ScheduleDeclaration;
import dev.anneal.schedule.ScheduleDepartures;
import dev.anneal.schedule.ScheduleInference;
import dev.anneal.schedule.ScheduleUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Reads an external run's schedule from what its script logged: the plan it declared (a schedule in its create body,
 * or a PyTorch scheduler in its params, {@link SchedulerParams}) held to its logged rate, or, without one, the
 * schedule {@link ScheduleInference} recognises in that rate.
 */
@Component
class ScheduleReader {

    /** The most logged rates read: a 2 000 000-step run is read whole; a longer one by its first 2 000 000 steps. */
    static final int MAX_RATE_POINTS = 2_000_000;

    /** What the page says to a run without a logged rate. */
    static final String HOW_TO_LOG_A_RATE = "This run logged no learning rate, so Anneal cannot draw its schedule."
            + " Log it with one line: run.watch(scheduler) with Anneal's Python client, or"
            + " mlflow.log_metric(\"lr\", scheduler.get_last_lr()[0], step=step) with MLflow's.";

    private final MetricQueries metrics;
    private final RunDocuments documents;
    private final RateKeys rateKeys;

    ScheduleReader(MetricQueries metrics, RunDocuments documents, RateKeys rateKeys) {
        this.metrics = metrics;
        this.documents = documents;
        this.rateKeys = rateKeys;
    }

    /** What Anneal makes of {@code run}'s logged rate now, given the params its script logged. */
    ScheduleReading read(Run run, Map<String, String> params) {
        var key = rateKeys.find(metrics.keysOf(run.id()));
        var logged = key.map(k -> metrics.values(run.id(), k, MAX_RATE_POINTS))
                .orElse(new StepValues(new long[0], new double[0]));
        String rateKey = key.map(k -> k.name()).orElse(null);
        var declared = declared(run, params, logged);
        if (declared instanceof ScheduleDeclaration.NotDrawn notDrawn && logged.steps().length == 0) {
            return none(rateKey, 0, "The declared scheduler is not drawn: " + notDrawn.reason());
        }
        if (logged.steps().length == 0) {
            return declared instanceof ScheduleDeclaration.Declared plan
                    ? new ScheduleReading(Source.DECLARED, plan.schedule(), null, 0, null, null, HOW_TO_LOG_A_RATE)
                    : none(null, 0, HOW_TO_LOG_A_RATE);
        }
        var series = series(logged);
        if (series.isEmpty()) {
            return none(
                    rateKey, logged.steps().length, "A logged rate is negative or not a number: no schedule has it.");
        }
        if (declared instanceof ScheduleDeclaration.Declared plan) {
            return held(plan.schedule(), series.get(), rateKey);
        }
        if (declared instanceof ScheduleDeclaration.NotDrawn notDrawn) {
            return inferred(
                    series.get(),
                    rateKey,
                    "The declared scheduler is not drawn (" + notDrawn.reason()
                            + "); the schedule shown is inferred from the logged rate.");
        }
        return inferred(series.get(), rateKey, null);
    }

    /** The plan the run declared, read against its first logged rate where it declares no starting rate. */
    private ScheduleDeclaration.Reading declared(Run run, Map<String, String> params, StepValues logged) {
        RateSchedule inConfig = documents.spec(run).schedule();
        if (inConfig != null) {
            return new ScheduleDeclaration.Declared(inConfig);
        }
        var scheduler = SchedulerParams.of(params);
        if (scheduler.isEmpty()) {
            return null;
        }
        var baseLr = baseLr(scheduler.get(), params, logged);
        if (baseLr.isEmpty()) {
            return new ScheduleDeclaration.NotDrawn(
                    "its starting rate is unknown: log scheduler.base_lrs, or the rate" + " from step 0");
        }
        return ScheduleDeclaration.read(
                scheduler.get().className(), scheduler.get().arguments(), baseLr.get());
    }

    private static Optional<Double> baseLr(SchedulerParams scheduler, Map<String, String> params, StepValues logged) {
        if (!scheduler.baseLrs().isEmpty()) {
            return Optional.of(scheduler.baseLrs().get(0));
        }
        if (logged.steps().length > 0 && logged.steps()[0] == 0) {
            return Optional.of(logged.values()[0]);
        }
        for (String name : new String[] {"lr", "learning_rate"}) {
            if (params.containsKey(name) && SchedulerParams.value(params.get(name)) instanceof Double rate) {
                return Optional.of(rate);
            }
        }
        return Optional.empty();
    }

    private static ScheduleReading held(RateSchedule plan, RateSeries series, String rateKey) {
        var departures = ScheduleDepartures.between(plan, series, ScheduleDepartures.TOLERANCE);
        var listed = departures.stretches().stream()
                .limit(ScheduleReading.MAX_DEPARTURES)
                .map(stretch -> new Departure(stretch.from(), stretch.to(), stretch.worst()))
                .toList();
        String note = departures.kept()
                ? null
                : "The logged rate leaves the declared schedule at %d stretch%s of steps, first at step %d."
                        .formatted(
                                departures.stretches().size(),
                                departures.stretches().size() == 1 ? "" : "es",
                                departures.stretches().get(0).from());
        return new ScheduleReading(
                Source.DECLARED, plan, rateKey, series.steps().length, departures.maxRelativeDeviation(), listed, note);
    }

    private static ScheduleReading inferred(RateSeries series, String rateKey, String note) {
        var inferred = ScheduleInference.infer(series);
        if (inferred instanceof InferredSchedule.Recognised recognised) {
            return new ScheduleReading(
                    Source.INFERRED,
                    recognised.schedule(),
                    rateKey,
                    series.steps().length,
                    recognised.maxRelativeDeviation(),
                    null,
                    note);
        }
        return none(
                rateKey,
                series.steps().length,
                "No schedule Anneal knows reproduces the logged rate: "
                        + ((InferredSchedule.Unrecognised) inferred).reason() + ".");
    }

    /**
     * The cycles of a reading's schedule, when it is cosine annealing in steps: what a script's run is aligned and
     * summarised by.
     */
    static Optional<CosineWarmRestarts> cyclesOf(ScheduleReading reading) {
        return reading.schedule() instanceof ScheduleConfig config && config.unit() == ScheduleUnit.STEP
                ? Optional.of(CosineWarmRestarts.of(config))
                : Optional.empty();
    }

    private static ScheduleReading none(String rateKey, long points, String note) {
        return new ScheduleReading(Source.NONE, null, rateKey, points, null, null, note);
    }

    private static Optional<RateSeries> series(StepValues logged) {
        if (Arrays.stream(logged.values()).anyMatch(rate -> !Double.isFinite(rate) || rate < 0)) {
            return Optional.empty();
        }
        return Optional.of(new RateSeries(logged.steps(), logged.values()));
    }
}
