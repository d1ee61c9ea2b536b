package dev.anneal.run.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How pages write numbers and durations. */
class FormatsTests {

    private final Formats formats = new Formats();

    @Test
    void shouldWriteRatesCompactlyAndTinyOnesInScientificNotation() {
        assertThat(formats.number(0.1)).isEqualTo("0.1");
        assertThat(formats.number(0.23456789)).isEqualTo("0.2346");
        assertThat(formats.number(2.0)).isEqualTo("2");
        assertThat(formats.number(0.0)).isEqualTo("0");
        assertThat(formats.number(1e-4)).isEqualTo("1e-4");
        assertThat(formats.number(2.5e-5)).isEqualTo("2.5e-5");
        assertThat(formats.number(123456.0)).isEqualTo("1.235e5");
        assertThat(formats.number(null)).isEqualTo("—");
        assertThat(formats.number(Double.NaN)).isEqualTo("—");
    }

    @Test
    void shouldWriteAccuraciesAsPercentages() {
        assertThat(formats.percent(0.93051)).isEqualTo("93.05 %");
        assertThat(formats.percent(null)).isEqualTo("—");
    }

    @Test
    void shouldWriteTheLargestTwoUnitsOfADuration() {
        assertThat(formats.duration(Duration.ofSeconds(45))).isEqualTo("45 s");
        assertThat(formats.duration(Duration.ofMinutes(12).plusSeconds(30))).isEqualTo("12 min");
        assertThat(formats.duration(Duration.ofMinutes(185))).isEqualTo("3 h 5 min");
        assertThat(formats.duration(Duration.ofHours(2))).isEqualTo("2 h");
        assertThat(formats.duration(Duration.ofHours(52))).isEqualTo("2 d 4 h");
        assertThat(formats.duration(Duration.ofSeconds(-3)))
                .as("a clock skew is not a negative age")
                .isEqualTo("0 s");
        assertThat(formats.duration(null)).isEqualTo("—");
    }
}
