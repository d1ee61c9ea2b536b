package dev.anneal.finder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/** The suggestion methods and their consensus on made-up curves whose right answers are known. */
class SuggestionMethodsTests {

    private static final int STEPS = 100;

    /** The rate of step {@code i} of a 1e-7 → 10 exponential ramp over {@link #STEPS} steps. */
    private static double rate(int i) {
        return 1e-7 * Math.pow(1e8, i / (STEPS - 1.0));
    }

    private static RangeCurve curve(IntToDoubleFunction loss) {
        var rates = new ArrayList<Double>();
        var losses = new ArrayList<Double>();
        for (int i = 0; i < STEPS; i++) {
            rates.add(rate(i));
            losses.add(loss.applyAsDouble(i));
        }
        return new RangeCurve(rates, losses);
    }

    /** Rising a little to step 19, falling from 2.5 at step 20 by 0.04 a step to step 70, then running away. */
    private static final RangeCurve BUMP_THEN_VALLEY = curve(i -> {
        if (i < 20) return 2.0 + 0.01 * i;
        if (i <= 70) return 2.5 - 0.04 * (i - 20);
        return 0.5 + 0.3 * (i - 70);
    });

    /** A smooth drop centred on step 50 (a tanh against log10 of the rate), then a climb after step 80. */
    private static final RangeCurve SMOOTH_DROP = curve(i -> {
        double drop = 1.5 - Math.tanh((i - 50) / 8.0);
        return i <= 80 ? drop - 0.0005 * i : 1.5 - Math.tanh(30 / 8.0) - 0.04 + 0.2 * (i - 80);
    });

    @Test
    void shouldPickTheMiddleOfTheLongestFallForTheValley() {
        // the longest fall runs from step 20 to step 70: the valley is halfway, at step 45
        assertThat(new Valley().suggest(BUMP_THEN_VALLEY)).hasValue(rate(45));
    }

    @Test
    void shouldPickWhereTheLossFallsFastestAgainstTheLogRateForSteepest() {
        assertThat(new SteepestDescent().suggest(SMOOTH_DROP)).hasValue(rate(50));
    }

    @Test
    void shouldSkipTheEndsForSteepest() {
        // the fastest fall of all is in the first tenth, where the smoothing has not settled: it is not taken
        var earlyPlunge = curve(i -> i < 5 ? 10.0 - 2 * i : 2.0 - 0.001 * i - (i == 40 ? 0.01 : 0));
        assertThat(new SteepestDescent().suggest(earlyPlunge)).hasValue(rate(39));
    }

    @Test
    void shouldTakeATenthOfTheRateAtTheLowestLossForMinDiv10() {
        assertThat(new MinimumOverTen().suggest(BUMP_THEN_VALLEY)).hasValue(rate(70) / 10);
    }

    @Test
    void shouldSuggestNothingForACurveThatNeverFallsAndSaySo() {
        var rising = curve(i -> 2.3 + 0.05 * i);

        assertThat(new Valley().suggest(rising)).isEmpty();
        assertThat(new SteepestDescent().suggest(rising)).isEmpty();
        assertThat(new MinimumOverTen().suggest(rising)).isEmpty();
        var advice = new RangeTestAdvisor().advise(rising);
        assertThat(advice.suggestedLr()).isNull();
        assertThat(advice.scheduleHint()).isNull();
        assertThat(advice.warnings()).extracting(RangeAdvice.Warning::code).containsExactly("NEVER_DESCENDS");
    }

    @Test
    void shouldTakeTheMedianOnALogScaleAsTheConsensusAndHintAScheduleFromIt() {
        var advice = advisor(1e-3, 3e-3, 2e-3).advise(SMOOTH_DROP);

        assertThat(advice.suggestedLr()).isEqualTo(2e-3);
        assertThat(advice.spreadDecades()).isCloseTo(Math.log10(3), within(1e-12));
        assertThat(advice.scheduleHint()).isEqualTo(new RangeAdvice.ScheduleHint(2e-3, 2e-3 / 100));
        assertThat(advice.warnings()).isEmpty();
        assertThat(advice.suggestions())
                .extracting(RangeAdvice.Suggestion::method)
                .containsExactly("m0", "m1", "m2");
    }

    @Test
    void shouldWarnWhenTheMethodsLieMoreThanADecadeApart() {
        var advice = advisor(1e-4, 3e-3, 2e-2).advise(SMOOTH_DROP);

        assertThat(advice.suggestedLr()).isEqualTo(3e-3); // one outlier does not move the median
        assertThat(advice.spreadDecades()).isCloseTo(Math.log10(200), within(1e-12));
        assertThat(advice.warnings()).extracting(RangeAdvice.Warning::code).containsExactly("METHODS_DISAGREE");
        assertThat(advice.warnings().get(0).message()).startsWith("the methods' suggestions lie 2.3 decades apart");
    }

    @Test
    void shouldGiveEveryMethodsSuggestionOnAWellShapedCurve() {
        var advice = new RangeTestAdvisor().advise(BUMP_THEN_VALLEY);

        assertThat(advice.suggestions())
                .extracting(RangeAdvice.Suggestion::method)
                .containsExactly("valley", "steepest", "min_div_10");
        assertThat(advice.suggestedLr()).isNotNull();
    }

    /** An advisor whose methods suggest {@code rates}, whatever the curve. */
    private static RangeTestAdvisor advisor(double... rates) {
        var methods = new ArrayList<SuggestionMethod>();
        for (int i = 0; i < rates.length; i++) {
            String name = "m" + i;
            double lr = rates[i];
            methods.add(new SuggestionMethod() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public OptionalDouble suggest(RangeCurve curve) {
                    return OptionalDouble.of(lr);
                }
            });
        }
        return new RangeTestAdvisor(List.copyOf(methods));
    }
}
