package dev.anneal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Wall times packed in the bits their spread needs come back exactly. */
class PackedWallsTests {

    @Test
    void shouldPackAJitteryLoggersTimesInFiveBitsAPoint() {
        var random = new SplittableRandom(5);
        var offsets = new long[1000];
        for (int i = 1; i < offsets.length; i++) {
            offsets[i] = offsets[i - 1] + 15 + random.nextInt(31); // 15 to 45 ms apart
        }

        var packed = PackedWalls.of(offsets);

        assertThat(packed.bits()).isEqualTo(5);
        assertThat(packed.packed()).hasSize((999 * 5 + 7) / 8);
        assertThat(packed.offsets(offsets.length)).containsExactly(offsets);
    }

    @Test
    void shouldPackASteadyLoggerInNoBitsAtAll() {
        var offsets = new long[] {0, 30, 60, 90};

        var packed = PackedWalls.of(offsets);

        assertThat(packed.base()).isEqualTo(30);
        assertThat(packed.bits()).isZero();
        assertThat(packed.packed()).isEmpty();
        assertThat(packed.offsets(4)).containsExactly(offsets);
    }

    @Test
    void shouldKeepTimesThatGoBackAndJumpByYears() {
        var offsets = new long[] {0, -86_400_000L * 40, 1, 86_400_000L * 365 * 30, 86_400_000L * 365 * 30 - 7};

        assertThat(PackedWalls.of(offsets).offsets(offsets.length)).containsExactly(offsets);
        assertThat(PackedWalls.of(new long[] {0}).offsets(1)).containsExactly(0);
    }
}
