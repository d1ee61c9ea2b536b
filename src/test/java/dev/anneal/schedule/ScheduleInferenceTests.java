package dev.anneal.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Schedules recognised from rates PyTorch's own schedulers produced (reference/schedule_vectors.csv and
 * reference/baseline_vectors.csv): the kind each case was made with, and a schedule that gives back every rate.
 */
class ScheduleInferenceTests {

    /** A reference case: its kind and its logged rates. */
    private record Case(String name, ScheduleKind kind, RateSeries series) {}

    private static List<Case> cases() {
        var cases = new ArrayList<Case>();
        ReferenceVectors.cases(ReferenceVectors.COSINE, Double.MAX_VALUE)
                .forEach((name, series) -> cases.add(new Case(name, ScheduleKind.COSINE, series)));
        var kinds = ReferenceVectors.baselineKinds();
        ReferenceVectors.cases(ReferenceVectors.BASELINES, Double.MAX_VALUE)
                .forEach((name, series) -> cases.add(new Case(name, kinds.get(name), series)));
        return cases;
    }

    private static InferredSchedule.Recognised recognised(RateSeries series, String name) {
        var inferred = ScheduleInference.infer(series);
        assertThat(inferred).as(name).isInstanceOf(InferredSchedule.Recognised.class);
        return (InferredSchedule.Recognised) inferred;
    }

    @Test
    void shouldRecogniseEveryReferenceScheduleAndReproduceEveryRate() throws IOException {
        var cases = cases();
        assertThat(cases).hasSize(11);
        for (Case reference : cases) {
            var found = recognised(reference.series(), reference.name());

            assertThat(found.schedule().kind()).as(reference.name()).isEqualTo(reference.kind());
            assertThat(found.maxRelativeDeviation()).as(reference.name()).isLessThanOrEqualTo(1e-9);
        }
    }

    @Test
    void shouldRecoverTheSettingsOfWarmRestartsWithAGrowingCycle() throws IOException {
        var sgdr = cases().stream()
                .filter(c -> c.name().equals("sgdr_t10_m2"))
                .findFirst()
                .orElseThrow();

        var config = (ScheduleConfig) recognised(sgdr.series(), sgdr.name()).schedule();

        assertThat(config.baseLr()).isEqualTo(0.1);
        assertThat(config.etaMin()).isCloseTo(0.001, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(config.tMax()).isEqualTo(10);
        assertThat(config.tMult()).isEqualTo(2);
        assertThat(config.cycleLimit()).isZero();
    }

    @Test
    void shouldRecogniseRatesThatWentThroughAFloat32() throws IOException {
        for (Case reference : cases()) {
            double[] rates = reference.series().rates();
            for (int i = 0; i < rates.length; i++) {
                rates[i] = (float) rates[i];
            }
            var found = recognised(new RateSeries(reference.series().steps(), rates), reference.name());

            assertThat(found.schedule().kind()).as(reference.name()).isEqualTo(reference.kind());
            assertThat(found.maxRelativeDeviation()).as(reference.name()).isLessThanOrEqualTo(1e-6);
        }
    }

    @Test
    void shouldRecogniseARunStoppedPartWayFromWhatItLogged() throws IOException {
        for (Case reference : cases()) {
            if (reference.kind() == ScheduleKind.CONSTANT) {
                continue; // a constant rate has no course to cut
            }
            int kept = reference.series().steps().length * 2 / 3;
            var cut = new RateSeries(
                    java.util.Arrays.copyOf(reference.series().steps(), kept),
                    java.util.Arrays.copyOf(reference.series().rates(), kept));

            var found = recognised(cut, reference.name());

            assertThat(found.maxRelativeDeviation()).as(reference.name()).isLessThanOrEqualTo(1e-9);
        }
    }

    @Test
    void shouldRecogniseARateLoggedOnlyEveryFewSteps() {
        for (Case reference : cases()) {
            long[] steps = reference.series().steps();
            double[] rates = reference.series().rates();
            int kept = (steps.length + 2) / 3;
            long[] everyThird = new long[kept];
            double[] theirRates = new double[kept];
            for (int i = 0; i < kept; i++) {
                everyThird[i] = steps[3 * i];
                theirRates[i] = rates[3 * i];
            }

            var found = recognised(new RateSeries(everyThird, theirRates), reference.name());

            assertThat(found.maxRelativeDeviation()).as(reference.name()).isLessThanOrEqualTo(1e-9);
        }
    }

    @Test
    void shouldRecoverARealCycleGrowthWithWarmupAndDecay() {
        var made = ScheduleConfig.builder()
                .setBaseLr(0.2)
                .setTMax(10)
                .optEtaMin(1e-3)
                .optTMult(1.5)
                .optUnit(ScheduleUnit.STEP)
                .optWarmup(3)
                .optWarmupStartLr(0.02)
                .optCycleDecay(0.8)
                .build();
        long[] steps = java.util.stream.LongStream.range(0, 120).toArray();
        double[] rates = java.util.Arrays.stream(steps)
                .mapToDouble(step -> made.curve().rate(step))
                .toArray();

        var found = recognised(new RateSeries(steps, rates), "made");

        var config = (ScheduleConfig) found.schedule();
        assertThat(config.tMax()).isEqualTo(10);
        assertThat(config.tMult()).isEqualTo(1.5);
        assertThat(config.warmup()).isEqualTo(3);
        assertThat(config.warmupStartLr()).isEqualTo(0.02);
        assertThat(config.cycleDecay()).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(config.etaMin()).isCloseTo(1e-3, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(found.maxRelativeDeviation()).isLessThanOrEqualTo(1e-12);
    }

    @Test
    void shouldRecoverCyclesThatStartBetweenTwoSteps() {
        for (var made : List.of(
                ScheduleConfig.builder()
                        .setBaseLr(0.1)
                        .setTMax(7.5)
                        .optEtaMin(1e-4)
                        .optTMult(1.5)
                        .optCycleDecay(0.9)
                        .optUnit(ScheduleUnit.STEP)
                        .build(),
                ScheduleConfig.builder()
                        .setBaseLr(0.05)
                        .setTMax(12.3)
                        .optTMult(2)
                        .optWarmup(2)
                        .optUnit(ScheduleUnit.STEP)
                        .build())) {
            long[] steps = java.util.stream.LongStream.range(0, 101).toArray();
            double[] rates = java.util.Arrays.stream(steps)
                    .mapToDouble(step -> made.curve().rate(step))
                    .toArray();

            var found = recognised(new RateSeries(steps, rates), made.toString());

            var config = (ScheduleConfig) found.schedule();
            assertThat(config.tMax()).isCloseTo(made.tMax(), org.assertj.core.data.Offset.offset(1e-9));
            assertThat(config.tMult()).isEqualTo(made.tMult());
            assertThat(config.cycleDecay()).isEqualTo(made.cycleDecay());
            assertThat(found.maxRelativeDeviation()).isLessThanOrEqualTo(1e-9);
        }
    }

    @Test
    void shouldRecoverLongCyclesWhoseRateEndsWithinAMillionthOfThePeakFromTheFloor() {
        // CosineAnnealingWarmRestarts(T_0=1000, T_mult=2) to 0: a step before a 2 000-step cycle ends, its rate is
        // 6e-8 of 0.1; taking that point for the floor once made the cycle 1 999 steps and t_mult 1.999
        int n = 5000;
        long[] steps = new long[n];
        double[] rates = new double[n];
        for (int step = 0; step < n; step++) {
            long begin = 0;
            long length = 1000;
            while (step >= begin + length) {
                begin += length;
                length *= 2;
            }
            steps[step] = step;
            rates[step] = 0.05 * (1 + Math.cos(Math.PI * (step - begin) / length));
        }

        var inferred = ScheduleInference.infer(new RateSeries(steps, rates));

        assertThat(inferred).isInstanceOf(InferredSchedule.Recognised.class);
        var schedule = (ScheduleConfig) ((InferredSchedule.Recognised) inferred).schedule();
        assertThat(schedule.tMax()).isEqualTo(1000);
        assertThat(schedule.tMult()).isEqualTo(2);
        assertThat(((InferredSchedule.Recognised) inferred).maxRelativeDeviation())
                .isLessThanOrEqualTo(1e-9);
    }

    @Test
    void shouldSaySoWhenNoScheduleItKnowsFits() {
        var random = new SplittableRandom(3);
        long[] steps = new long[50];
        double[] rates = new double[50];
        for (int i = 0; i < 50; i++) {
            steps[i] = i;
            rates[i] = 0.01 + random.nextDouble() * 0.1;
        }

        assertThat(ScheduleInference.infer(new RateSeries(steps, rates)))
                .isInstanceOfSatisfying(
                        InferredSchedule.Unrecognised.class,
                        unrecognised -> assertThat(unrecognised.reason()).contains("reproduces"));
        assertThat(ScheduleInference.infer(new RateSeries(new long[] {0}, new double[] {0.1})))
                .isInstanceOf(InferredSchedule.Unrecognised.class);
    }
}
