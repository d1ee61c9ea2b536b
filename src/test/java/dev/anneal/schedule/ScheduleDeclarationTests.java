package dev.anneal.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * PyTorch's schedulers as a script declares them, held to the rates PyTorch gave (reference/), and where a logged rate
 * leaves its plan.
 */
class ScheduleDeclarationTests {

    /** The rates PyTorch gave in case {@code name} of {@code file}, up to position {@code upTo}. */
    private static RateSeries reference(String file, String name, double upTo) {
        return ReferenceVectors.cases(file, upTo).get(name);
    }

    private static RateSchedule declared(String className, Map<String, ?> arguments, double baseLr) {
        var reading = ScheduleDeclaration.read(className, arguments, baseLr);
        assertThat(reading).as(className).isInstanceOf(ScheduleDeclaration.Declared.class);
        return ((ScheduleDeclaration.Declared) reading).schedule();
    }

    private static void assertReproduces(RateSchedule plan, RateSeries pytorch) {
        assertThat(pytorch.size()).isGreaterThan(40);
        var departures = ScheduleDepartures.between(plan, pytorch, 1e-12);
        assertThat(departures.kept()).as(plan.toString()).isTrue();
    }

    @Test
    void shouldDrawEachDeclaredSchedulerAtPyTorchsOwnRates() throws IOException {
        String cosine = ReferenceVectors.COSINE;
        String baselines = ReferenceVectors.BASELINES;
        double all = Double.MAX_VALUE;

        assertReproduces(
                declared("CosineAnnealingWarmRestarts", Map.of("T_0", 10, "T_mult", 2, "eta_min", 0.001), 0.1),
                reference(cosine, "sgdr_t10_m2", all));
        assertReproduces(
                declared("CosineAnnealingWarmRestarts", Map.of("T_0", 7), 0.05), reference(cosine, "sgdr_t7_m1", all));
        // CosineAnnealingLR is drawn to its T_max: past it PyTorch's rate climbs back, which no schedule is planned to
        // do
        assertReproduces(
                declared("CosineAnnealingLR", Map.of("T_max", 100), 0.1), reference(cosine, "cosine_t100_once", 100));
        assertReproduces(
                declared("StepLR", Map.of("step_size", 10, "gamma", 0.5), 0.1),
                reference(baselines, "step_10_05", all));
        assertReproduces(
                declared("MultiStepLR", Map.of("milestones", List.of(30, 60, 80)), 0.1),
                reference(baselines, "multistep_30_60_80", all));
        assertReproduces(declared("ExponentialLR", Map.of("gamma", 0.95), 0.05), reference(baselines, "exp_095", all));
        assertReproduces(
                declared("LinearLR", Map.of("start_factor", 1.0, "end_factor", 0.1, "total_iters", 40), 0.1),
                reference(baselines, "linear_1_to_01_40", all));
        assertReproduces(
                declared("OneCycleLR", Map.of("max_lr", List.of(0.1), "total_steps", 100), 0.004),
                reference(baselines, "onecycle_100_cos", all));
        assertReproduces(
                declared(
                        "OneCycleLR",
                        Map.of(
                                "max_lr", 0.3,
                                "epochs", 20,
                                "steps_per_epoch", 10,
                                "pct_start", 0.25,
                                "anneal_strategy", "linear",
                                "div_factor", 10,
                                "final_div_factor", 100),
                        0.03),
                reference(baselines, "onecycle_200_linear", all));
    }

    @Test
    void shouldSayWhatItCannotDrawNamingTheArgument() {
        assertThat(ScheduleDeclaration.read("CyclicLR", Map.of(), 0.1))
                .isEqualTo(new ScheduleDeclaration.NotDrawn("CyclicLR: Anneal draws CosineAnnealingWarmRestarts,"
                        + " CosineAnnealingLR, StepLR, MultiStepLR, ExponentialLR, LinearLR, OneCycleLR; a CyclicLR it"
                        + " cannot"));
        assertThat(ScheduleDeclaration.read("CosineAnnealingWarmRestarts", Map.of("T_mult", 2), 0.1))
                .isEqualTo(new ScheduleDeclaration.NotDrawn("CosineAnnealingWarmRestarts: T_0 is missing"));
        assertThat(ScheduleDeclaration.read("StepLR", Map.of("step_size", "ten"), 0.1))
                .isEqualTo(new ScheduleDeclaration.NotDrawn("StepLR: step_size must be a number but was ten"));
        assertThat(ScheduleDeclaration.read(
                        "OneCycleLR", Map.of("max_lr", 0.1, "total_steps", 10, "three_phase", true), 0.1))
                .isInstanceOf(ScheduleDeclaration.NotDrawn.class);
        assertThat(((ScheduleDeclaration.NotDrawn)
                                ScheduleDeclaration.read("CosineAnnealingWarmRestarts", Map.of("T_0", 0), 0.1))
                        .reason())
                .startsWith("CosineAnnealingWarmRestarts: t_max must be");
    }

    @Test
    void shouldMarkWhereAResumedSchedulerStartedOver() throws IOException {
        var plan = declared("CosineAnnealingWarmRestarts", Map.of("T_0", 10, "T_mult", 2, "eta_min", 0.001), 0.1);
        var curve = plan.curve();
        long[] steps = LongStream.range(0, 120).toArray();
        // resumed at step 50 with a fresh scheduler: the rates from there are those of step 0 on
        double[] rates = LongStream.range(0, 120)
                .mapToDouble(step -> curve.rate(step < 50 ? step : step - 50))
                .toArray();

        var departures = ScheduleDepartures.between(plan, new RateSeries(steps, rates), ScheduleDepartures.TOLERANCE);

        assertThat(departures.kept()).isFalse();
        assertThat(departures.stretches().get(0).from()).isEqualTo(50);
        assertThat(departures.maxRelativeDeviation()).isGreaterThan(0.5);
        var faithful = ScheduleDepartures.between(
                plan, reference(ReferenceVectors.COSINE, "sgdr_t10_m2", 150), ScheduleDepartures.TOLERANCE);
        assertThat(faithful.kept()).isTrue();
        assertThat(faithful.maxRelativeDeviation()).isLessThanOrEqualTo(1e-12);
    }
}
