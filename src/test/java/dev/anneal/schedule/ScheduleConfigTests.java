package dev.anneal.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScheduleConfigTests {

    static java.util.stream.Stream<Arguments> invalidConfigs() {
        return java.util.stream.Stream.of(
                invalid("base_lr", "base_lr must be > 0 but was 0", b -> b.setBaseLr(0)),
                invalid("base_lr", "base_lr must be > 0 but was -0.1", b -> b.setBaseLr(-0.1)),
                invalid("base_lr", "base_lr must be a finite number but was NaN", b -> b.setBaseLr(Double.NaN)),
                invalid("eta_min", "eta_min must be >= 0 but was -1e-5", b -> b.optEtaMin(-1e-5)),
                invalid("eta_min", "eta_min must be <= base_lr (0.1) but was 0.2", b -> b.optEtaMin(0.2)),
                invalid("t_max", "t_max must be >= 1e-6 but was 0", b -> b.setTMax(0)),
                invalid("t_max", "t_max must be >= 1e-6 but was 1e-7", b -> b.setTMax(1e-7)),
                invalid("t_max", "t_max must be a finite number but was Infinity", b -> b.setTMax(1.0 / 0)),
                invalid("t_mult", "t_mult must be >= 1 but was 0.5", b -> b.optTMult(0.5)),
                invalid("warmup", "warmup must be >= 0 but was -1", b -> b.optWarmup(-1)),
                invalid(
                        "warmup_start_lr",
                        "warmup_start_lr must be >= 0 but was -0.01",
                        b -> b.optWarmupStartLr(-0.01)),
                invalid(
                        "warmup_start_lr",
                        "warmup_start_lr must be <= base_lr (0.1) but was 0.5",
                        b -> b.optWarmupStartLr(0.5)),
                invalid("cycle_decay", "cycle_decay must be in (0, 1] but was 0", b -> b.optCycleDecay(0)),
                invalid("cycle_decay", "cycle_decay must be in (0, 1] but was 1.5", b -> b.optCycleDecay(1.5)),
                invalid("cycle_limit", "cycle_limit must be >= 0 but was -1", b -> b.optCycleLimit(-1)),
                invalid("unit", "unit must be one of step, epoch but was missing", b -> b.optUnit(null)));
    }

    private static Arguments invalid(String field, String message, UnaryOperator<ScheduleConfig.Builder> change) {
        return Arguments.of(field, message, change);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalidConfigs")
    void shouldRefuseAnInvalidFieldNamingTheBoundAndTheValue(
            String field, String message, UnaryOperator<ScheduleConfig.Builder> change) {
        var builder = change.apply(ScheduleConfig.builder().setBaseLr(0.1).setTMax(10));

        var e = catchThrowableOfType(InvalidScheduleException.class, builder::build);

        assertThat(e.violations()).containsExactly(new ConfigViolation(field, message));
    }

    @Test
    void shouldReportEveryViolationAtOnce() {
        var e = catchThrowableOfType(
                InvalidScheduleException.class,
                () -> ScheduleConfig.builder()
                        .setBaseLr(0.1)
                        .setTMax(-3)
                        .optTMult(0.9)
                        .optCycleDecay(2)
                        .build());

        assertThat(e.violations()).extracting(ConfigViolation::field).containsExactly("t_max", "t_mult", "cycle_decay");
        assertThat(e).hasMessageContaining("t_mult must be >= 1 but was 0.9");
    }

    @Test
    void shouldRefuseAnInvalidPlateauRule() {
        var e = catchThrowableOfType(
                InvalidScheduleException.class,
                () -> ScheduleConfig.builder()
                        .setBaseLr(0.1)
                        .setTMax(10)
                        .optPlateauRestart(new PlateauRestartConfig(0, -1, null))
                        .build());

        assertThat(e.violations())
                .extracting(ConfigViolation::message)
                .containsExactly(
                        "restart_on_plateau.patience must be >= 1 but was 0",
                        "restart_on_plateau.min_delta must be >= 0 but was -1",
                        "restart_on_plateau.metric must be val_loss or val_acc");
    }

    @Test
    void shouldTrustAConfigurationReadBackThroughItsConstructor() {
        // validated once when its run was launched: a stored schedule is read back without the rules of today
        var stored = new ScheduleConfig(0.1, 0.5, 10, 1, ScheduleUnit.STEP, 0, 0, 1, 0, null);

        assertThat(stored.etaMin()).isEqualTo(0.5);
        assertThatThrownBy(() -> ScheduleConfig.builder()
                        .setBaseLr(0.1)
                        .setTMax(10)
                        .optEtaMin(0.5)
                        .build())
                .isInstanceOf(InvalidScheduleException.class);
    }

    @Test
    void shouldAcceptTheBoundsThemselves() {
        var config = ScheduleConfig.builder()
                .setBaseLr(0.1)
                .setTMax(1e-3)
                .optEtaMin(0.1)
                .optTMult(1)
                .optWarmupStartLr(0.1)
                .optCycleDecay(1)
                .build();

        assertThat(config.etaMin()).isEqualTo(config.baseLr());
    }
}
