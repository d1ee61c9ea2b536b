package dev.anneal.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Schedules recognised from rates PyTorch's own schedulers produced (reference/schedule_vectors.csv and
 * reference/baseline_vectors.csv): the kind each case was made with, and a schedule that gives back every rate.
 */
class ScheduleInferenceTests {

    /** A reference case: its kind and its logged rates. */
    private record Case(String name, ScheduleKind kind, RateSeries series) {}

    private static List<Case> cases() throws IOException {
        var cases = new ArrayList<Case>();
        var cosine = rows("/reference/schedule_vectors.csv", line -> line.substring(0, line.indexOf(',')));
        cosine.forEach((name, rows) -> cases.add(new Case(name, ScheduleKind.COSINE, series(rows))));
        var kinds = new LinkedHashMap<String, ScheduleKind>();
        var baselines = rows("/reference/baseline_vectors.csv", line -> {
            String name = line.substring(0, line.indexOf(','));
            String kind = line.replaceAll(".*\"\"kind\"\":\"\"([a-z_]+)\"\".*", "$1");
            kinds.put(name, ScheduleKind.valueOf(kind.toUpperCase(java.util.Locale.ROOT)));
            return name;
        });
        baselines.forEach((name, rows) -> cases.add(new Case(name, kinds.get(name), series(rows))));
        return cases;
    }

    /** Each file's (t, lr) rows by case; t and lr are a line's last two fields. */
    private static Map<String, List<double[]>> rows(String file, java.util.function.Function<String, String> name)
            throws IOException {
        var rows = new LinkedHashMap<String, List<double[]>>();
        try (InputStream in = ScheduleInferenceTests.class.getResourceAsStream(file)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .skip(1)
                    .toList()) {
                String[] fields = line.split(",");
                double t = Double.parseDouble(fields[fields.length - 2]);
                double lr = Double.parseDouble(fields[fields.length - 1]);
                rows.computeIfAbsent(name.apply(line), key -> new ArrayList<>()).add(new double[] {t, lr});
            }
        }
        return rows;
    }

    private static RateSeries series(List<double[]> rows) {
        long[] steps = rows.stream().mapToLong(row -> (long) row[0]).toArray();
        double[] rates = rows.stream().mapToDouble(row -> row[1]).toArray();
        return new RateSeries(steps, rates);
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
