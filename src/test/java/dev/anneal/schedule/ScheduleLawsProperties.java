package dev.anneal.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anneal.schedule.SchedulePosition.Phase;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;

/** The laws every schedule obeys, checked on generated configurations and positions. */
class ScheduleLawsProperties {

    @Provide
    Arbitrary<ScheduleConfig> configs() {
        Arbitrary<Double> baseLr = Arbitraries.doubles().between(1e-5, 1.0).ofScale(9);
        Arbitrary<Double> floorShare = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just(0.0)),
                net.jqwik.api.Tuple.of(
                        3, Arbitraries.doubles().between(0.0, 0.9).ofScale(6)));
        Arbitrary<Double> tMax = Arbitraries.oneOf(
                Arbitraries.integers().between(1, 1000).map(Integer::doubleValue),
                Arbitraries.doubles().between(0.25, 1000).ofScale(4));
        Arbitrary<Double> tMult = Arbitraries.oneOf(
                Arbitraries.of(1.0, 2.0, 3.0, 10.0, 1.5),
                Arbitraries.doubles().between(1.0, 4.0).ofScale(6));
        Arbitrary<Double> warmup = Arbitraries.oneOf(
                Arbitraries.just(0.0), Arbitraries.integers().between(1, 200).map(Integer::doubleValue));
        Arbitrary<Double> decay = Arbitraries.oneOf(
                Arbitraries.just(1.0), Arbitraries.doubles().between(0.1, 1.0).ofScale(6));
        Arbitrary<Integer> limit = Arbitraries.integers().between(0, 6);
        return Combinators.combine(baseLr, floorShare, tMax, tMult, warmup, decay, limit)
                .as((lr, share, max, mult, warm, dec, lim) -> ScheduleConfig.builder()
                        .setBaseLr(lr)
                        .optEtaMin(lr * share)
                        .setTMax(max)
                        .optTMult(mult)
                        .optWarmup(warm)
                        .optWarmupStartLr(lr * share / 2)
                        .optCycleDecay(dec)
                        .optCycleLimit(lim)
                        .build());
    }

    @Property
    void rateStaysWithinTheFloorAndTheCyclesPeak(
            @ForAll("configs") ScheduleConfig config, @ForAll @DoubleRange(min = 0, max = 1e7) @Scale(6) double t) {
        var position = CosineWarmRestarts.of(config).positionAt(t);

        double low = position.phase() == Phase.WARMUP ? config.warmupStartLr() : config.etaMin();
        double high = position.phase() == Phase.WARMUP
                ? config.baseLr()
                : position.cycle().peak();
        assertThat(position.lr()).isBetween(low, high);
    }

    @Property
    void rateFallsInsideACycle(
            @ForAll("configs") ScheduleConfig config,
            @ForAll @IntRange(min = 0, max = 5_000_000) int step,
            @ForAll @DoubleRange(min = 0, max = 1) @Scale(6) double fraction) {
        var schedule = CosineWarmRestarts.of(config);
        var here = schedule.positionAt(step);
        Assume.that(here.phase() == Phase.CYCLE);
        double later =
                Math.min(here.cycle().end(), step + fraction * here.cycle().length());
        Assume.that(later < here.cycle().end());

        assertThat(schedule.rate(later)).isLessThanOrEqualTo(here.lr());
    }

    @Property
    void rateFallsStrictlyFromStepToStepWhileThePeakIsAboveTheFloor(
            @ForAll("configs") ScheduleConfig config, @ForAll @IntRange(min = 0, max = 100_000) int step) {
        var schedule = CosineWarmRestarts.of(config);
        var here = schedule.positionAt(step);
        Assume.that(here.phase() == Phase.CYCLE && step + 1 < here.cycle().end());
        Assume.that(here.cycle().length() <= 10_000);
        Assume.that(here.cycle().peak() - config.etaMin() > 1e-3 * here.cycle().peak());
        Assume.that(here.cycle().peak() > 1e-200); // a peak decayed to underflow has no digits left to fall by

        assertThat(schedule.rate(step + 1)).isLessThan(here.lr());
    }

    @Property
    void everyRestartStartsExactlyAtThePeak(
            @ForAll("configs") ScheduleConfig config, @ForAll @IntRange(min = 0, max = 40) int index) {
        var schedule = CosineWarmRestarts.of(config);
        Assume.that(config.cycleLimit() == 0 || index < config.cycleLimit());
        var cycle = schedule.cycle(index);
        Assume.that(cycle.start() < 1e12);

        var position = schedule.positionAt(cycle.start());

        assertThat(position.cycle().index()).isEqualTo(index);
        assertThat(position.lr()).isEqualTo(cycle.peak());
        assertThat(cycle.peak())
                .isEqualTo(Math.max(config.etaMin(), config.baseLr() * Math.pow(config.cycleDecay(), index)));
    }

    @Property
    void rateIsContinuousAwayFromRestarts(
            @ForAll("configs") ScheduleConfig config,
            @ForAll @DoubleRange(min = 0, max = 1e6) @Scale(6) double t,
            @ForAll @DoubleRange(min = 1e-9, max = 1e-3) @Scale(12) double h) {
        var schedule = CosineWarmRestarts.of(config);
        var here = schedule.positionAt(t);
        double step = (t + h) - t; // the step actually taken: t + h rounds, and with t near 1e6 it rounds a lot
        var there = schedule.positionAt(t + step);
        Assume.that(here.cycle().index() == there.cycle().index() && here.phase() == there.phase());

        // the steepest slope of a cosine cycle is pi/2 * (peak - floor) / length; of warmup, (base - start) / warmup
        double slope = here.phase() == Phase.WARMUP
                ? (config.baseLr() - config.warmupStartLr()) / config.warmup()
                : Math.PI
                        / 2
                        * (here.cycle().peak() - config.etaMin())
                        / here.cycle().length();
        // plus a few units in the last place of the rate: both rates carry rounding error of their own
        double rounding = 8 * Math.ulp(config.baseLr());
        assertThat(Math.abs(there.lr() - here.lr())).isLessThanOrEqualTo(slope * step * (1 + 1e-6) + rounding);
    }

    @Property
    void fractionalEpochPositionsAgreeWithTheEquivalentStepSchedule(
            @ForAll("configs") ScheduleConfig stepConfig,
            @ForAll @IntRange(min = 1, max = 500) int stepsPerEpoch,
            @ForAll @IntRange(min = 0, max = 1_000_000) int step) {
        var epochConfig = new ScheduleConfig(
                stepConfig.baseLr(),
                stepConfig.etaMin(),
                stepConfig.tMax() / stepsPerEpoch,
                stepConfig.tMult(),
                ScheduleUnit.EPOCH,
                stepConfig.warmup() / stepsPerEpoch,
                stepConfig.warmupStartLr(),
                stepConfig.cycleDecay(),
                stepConfig.cycleLimit(),
                null);
        var byStep = CosineWarmRestarts.of(stepConfig).positionAt(step);
        var byEpoch = CosineWarmRestarts.of(epochConfig).positionAt((double) step / stepsPerEpoch);
        // a step that rounds onto the other side of a restart is a different question, not a disagreement
        Assume.that(byStep.cycle().index() == byEpoch.cycle().index() && byStep.phase() == byEpoch.phase());

        // Judged against the rate's scale (near the floor, 1 + cos cancels and relative error means nothing) and the
        // precision of the position itself: a fractional epoch far into training carries ulp(t), a larger share of a
        // short cycle.
        double positionPrecision = 1e-15 * step / byStep.cycle().length();
        assertThat(byEpoch.lr())
                .isCloseTo(
                        byStep.lr(),
                        org.assertj.core.data.Offset.offset((1e-12 + positionPrecision) * stepConfig.baseLr()));
    }

    @Property
    void integerPositionsGivenAsFractionsGiveTheSameRate(
            @ForAll("configs") ScheduleConfig config, @ForAll @IntRange(min = 0, max = 10_000_000) int step) {
        var schedule = CosineWarmRestarts.of(config);

        assertThat(schedule.rate(step * 4 / 4.0)).isEqualTo(schedule.rate(step));
    }

    @Property
    void askingInAnyOrderGivesTheRatesOfAFreshSchedule(
            @ForAll("configs") ScheduleConfig config, @ForAll("positionSequences") List<Double> positions) {
        var shared = CosineWarmRestarts.of(config);

        for (double t : positions) {
            assertThat(shared.positionAt(t))
                    .isEqualTo(CosineWarmRestarts.of(config).positionAt(t));
        }
    }

    @Provide
    Arbitrary<List<Double>> positionSequences() {
        Arbitrary<Double> anywhere = Arbitraries.doubles().between(0, 1e6).ofScale(3);
        Arbitrary<Double> integers = Arbitraries.integers().between(0, 5000).map(Integer::doubleValue);
        return Arbitraries.oneOf(anywhere, integers).list().ofMinSize(1).ofMaxSize(50);
    }

    @Property(tries = 200)
    void restoringTheStateMidRunGivesTheRatesOfAnUninterruptedRun(
            @ForAll("configs") ScheduleConfig base,
            @ForAll @IntRange(min = 1, max = 5) int patience,
            @ForAll @IntRange(min = 1, max = 1999) int interruption,
            @ForAll("losses") List<Double> losses) {
        var config = new ScheduleConfig(
                base.baseLr(),
                base.etaMin(),
                base.tMax(),
                base.tMult(),
                base.unit(),
                base.warmup(),
                base.warmupStartLr(),
                base.cycleDecay(),
                base.cycleLimit(),
                new PlateauRestartConfig(patience, 0.01, PlateauRestartConfig.Metric.VAL_LOSS));

        var uninterrupted = run(AnnealingScheduler.start(config), 0, 2000, losses);
        var first = AnnealingScheduler.start(config);
        var resumed = new ArrayList<>(run(first, 0, interruption, losses));
        resumed.addAll(run(AnnealingScheduler.restore(config, first.state()), interruption, 2000, losses));

        assertThat(resumed).isEqualTo(uninterrupted);
    }

    @Provide
    Arbitrary<List<Double>> losses() {
        return Arbitraries.doubles().between(0.01, 2.0).ofScale(6).list().ofSize(100);
    }

    /** Steps from {@code from} to {@code to}, evaluating every 20 steps on the given loss sequence. */
    private static List<Double> run(AnnealingScheduler scheduler, int from, int to, List<Double> losses) {
        var rates = new ArrayList<Double>();
        for (int step = from; step < to; step++) {
            rates.add(scheduler.rateAt(step));
            if (step % 20 == 19) {
                scheduler.observe(losses.get(step / 20));
            }
        }
        return rates;
    }
}
