package dev.anneal.ingest;

import dev.anneal.metrics.MetricKey;
import dev.anneal.metrics.MetricQueries;
import dev.anneal.metrics.MetricQueries.StepValues;
import dev.anneal.run.Run;
import dev.anneal.run.RunSummary;
import dev.anneal.run.ScheduleReading;
import dev.anneal.schedule.CosineWarmRestarts;
import dev.anneal.schedule.Cycle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.DoubleBinaryOperator;
import org.springframework.stereotype.Component;

/**
 * An external run's summary, from what its script logged and the schedule read from its rate: the figures a trained
 * run's summary has where the script logged them under Anneal's own names ({@code val_loss}, {@code val_acc},
 * {@code test_acc}), its last step and rate, its restarts, and its metrics where each cycle ended.
 */
@Component
class LoggedSummaries {

    /** The most metrics a cycle end lists: those Anneal names first, then the script's own, oldest first. */
    static final int MAX_CYCLE_END_KEYS = 8;

    /** The most points a best figure is read from: evaluations are sparse, and a denser one is read by its first. */
    static final int MAX_EVALUATIONS = 1_000_000;

    private final MetricQueries metrics;
    private final RateKeys rateKeys;

    LoggedSummaries(MetricQueries metrics, RateKeys rateKeys) {
        this.metrics = metrics;
        this.rateKeys = rateKeys;
    }

    /** What {@code run} achieved so far, read with its schedule {@code reading}. */
    RunSummary of(Run run, ScheduleReading reading) {
        var keys = metrics.keysOf(run.id());
        var latest = latest(run.id());
        var bestLoss = keys.contains(MetricKey.VAL_LOSS) ? best(run.id(), MetricKey.VAL_LOSS, Math::min) : null;
        var bestAcc = keys.contains(MetricKey.VAL_ACC) ? best(run.id(), MetricKey.VAL_ACC, Math::max) : null;
        var cycles = ScheduleReader.cyclesOf(reading);
        long last = run.progressStep();
        return new RunSummary(
                bestLoss == null ? null : bestLoss.value(),
                bestLoss == null ? null : bestLoss.step(),
                bestAcc == null ? null : bestAcc.value(),
                bestAcc == null ? null : bestAcc.step(),
                latest.get(MetricKey.TEST_ACC.name()),
                reading.rateKey() == null ? null : latest.get(reading.rateKey()),
                reading.schedule() == null
                        ? null
                        : cycles.map(c -> c.positionAt(last).cycle().index()).orElse(0L),
                null,
                null,
                last,
                null,
                null,
                null,
                null,
                null,
                cycles.map(c -> cycleEnds(run.id(), c, last, keys, reading.rateKey()))
                        .orElse(null));
    }

    /** A best figure and the step it came at. */
    private record Best(double value, long step) {}

    private Best best(UUID runId, MetricKey key, DoubleBinaryOperator better) {
        StepValues logged = metrics.values(runId, key, MAX_EVALUATIONS);
        Best best = null;
        for (int i = 0; i < logged.steps().length; i++) {
            double value = logged.values()[i];
            if (Double.isFinite(value) && (best == null || better.applyAsDouble(value, best.value()) != best.value())) {
                best = new Best(value, logged.steps()[i]);
            }
        }
        return best;
    }

    /** Every key's last finite value, by name. */
    private Map<String, Double> latest(UUID runId) {
        var latest = new LinkedHashMap<String, Double>();
        for (var point : metrics.latest(List.of(runId)).getOrDefault(runId, List.of())) {
            if (Double.isFinite(point.value())) {
                latest.put(point.key().name(), point.value());
            }
        }
        return latest;
    }

    /**
     * The metrics at the end of each of the last {@value RunSummary#MAX_CYCLE_ENDS} whole cycles up to step
     * {@code last}: each metric's last value logged after the cycle's first step, up to the step the next cycle starts
     * at.
     */
    private List<RunSummary.CycleEnd> cycleEnds(
            UUID runId, CosineWarmRestarts curve, long last, List<MetricKey> keys, String rateKey) {
        var whole = new ArrayList<Cycle>();
        long current = curve.positionAt(last).cycle().index();
        for (long index = Math.max(0, current - RunSummary.MAX_CYCLE_ENDS); index <= current; index++) {
            var cycle = curve.cycle(index);
            if (Math.ceil(cycle.end()) <= last + 1 && Math.ceil(cycle.end()) <= Integer.MAX_VALUE) {
                whole.add(cycle);
            }
        }
        if (whole.size() > RunSummary.MAX_CYCLE_ENDS) {
            whole.subList(0, whole.size() - RunSummary.MAX_CYCLE_ENDS).clear();
        }
        // a value logged at step s was measured after s steps: it belongs to the cycle of step s - 1
        int[] froms = whole.stream()
                .mapToInt(c -> (int) Math.ceil(c.start()) + (c.start() > 0 ? 1 : 0))
                .toArray();
        int[] tos = whole.stream().mapToInt(c -> (int) Math.ceil(c.end())).toArray();
        var values = new ArrayList<Map<String, Double>>();
        whole.forEach(cycle -> values.add(new LinkedHashMap<>()));
        for (var key : figuredKeys(keys, rateKey)) {
            var ends = metrics.lastInRanges(runId, key, froms, tos);
            for (int i = 0; i < ends.size(); i++) {
                if (ends.get(i) != null && Double.isFinite(ends.get(i))) {
                    values.get(i).put(key.name(), ends.get(i));
                }
            }
        }
        var ends = new ArrayList<RunSummary.CycleEnd>();
        for (int i = 0; i < whole.size(); i++) {
            ends.add(new RunSummary.CycleEnd(whole.get(i).index(), tos[i], values.get(i)));
        }
        return ends;
    }

    /** The metrics a cycle end lists: neither the rate nor the cycle series derived from it. */
    private List<MetricKey> figuredKeys(List<MetricKey> keys, String rateKey) {
        return keys.stream()
                .filter(key -> !key.name().equals(rateKey) && !rateKeys.isRate(key))
                .filter(key -> !key.equals(MetricKey.CYCLE) && !key.equals(MetricKey.CYCLE_POS))
                .limit(MAX_CYCLE_END_KEYS)
                .toList();
    }
}
