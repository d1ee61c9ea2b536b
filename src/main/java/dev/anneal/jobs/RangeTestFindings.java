package dev.anneal.jobs;

import dev.anneal.finder.RangeAdvice;
import dev.anneal.finder.RangeCurve;
import dev.anneal.finder.RangeTestAdvisor;
import dev.anneal.run.RangeTestSummary;
import dev.anneal.training.RangeTestOutcome;
import java.util.ArrayList;
import java.util.Comparator;

/**
 * What a range test found, for its run's summary: the finder's advice on the repeats' mean curve (each step's
 * smoothed loss averaged over the repeats, up to where the first of them stopped), and the earliest stop among them.
 */
final class RangeTestFindings {

    private static final RangeTestAdvisor ADVISOR = new RangeTestAdvisor();

    private RangeTestFindings() {}

    static RangeTestSummary of(RangeTestOutcome outcome) {
        var stop = outcome.repeats().stream()
                .map(RangeTestOutcome.Repeat::stop)
                .min(Comparator.comparingLong(RangeTestOutcome.Stop::step))
                .orElseThrow(() -> new IllegalArgumentException("a range test with no repeat"));
        var advice = ADVISOR.advise(meanCurve(outcome));
        return new RangeTestSummary(
                advice.suggestedLr(),
                advice.suggestions().stream()
                        .map(s -> new RangeTestSummary.Suggestion(s.method(), s.lr()))
                        .toList(),
                advice.spreadDecades(),
                new RangeTestSummary.Stop(stop.reason(), stop.step(), stop.lr()),
                hint(advice.scheduleHint()),
                advice.warnings().stream()
                        .map(w -> new RangeTestSummary.Warning(w.code(), w.message()))
                        .toList());
    }

    /** Every repeat took the same rates, step by step: their losses are averaged where all of them have one. */
    static RangeCurve meanCurve(RangeTestOutcome outcome) {
        int steps = outcome.repeats().stream()
                .mapToInt(repeat -> repeat.rates().size())
                .min()
                .orElse(0);
        var first = outcome.repeats().get(0);
        var rates = new ArrayList<Double>();
        var losses = new ArrayList<Double>();
        for (int i = 0; i < steps; i++) {
            int step = i;
            rates.add(first.rates().get(i));
            losses.add(outcome.repeats().stream()
                    .mapToDouble(repeat -> repeat.smoothedLosses().get(step))
                    .average()
                    .orElseThrow());
        }
        return new RangeCurve(rates, losses);
    }

    private static RangeTestSummary.ScheduleHint hint(RangeAdvice.ScheduleHint hint) {
        return hint == null ? null : new RangeTestSummary.ScheduleHint(hint.baseLr(), hint.etaMin());
    }
}
