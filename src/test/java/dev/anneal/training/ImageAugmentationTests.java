package dev.anneal.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ImageAugmentationTests {

    /** One 1×3×3 image, pixels 1…9 row by row, labelled 7. */
    private static final Examples ONE = new Examples(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, new float[] {7}, shape());

    private static long[] shape() {
        return new long[] {1, 3, 3};
    }

    private static Examples copies(int n) {
        float[] x = new float[9 * n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(ONE.features(), 0, x, 9 * i, 9);
            y[i] = i;
        }
        return new Examples(x, y, shape());
    }

    @Test
    void shouldLeaveImagesAsTheyAreWithoutAugmentation() {
        var none = new ImageAugmentation(TrainingPlan.Augment.NONE, 42);
        assertThat(none.apply(ONE, 0, 0)).isSameAs(ONE);
    }

    @Test
    void shouldMirrorImagesLeftToRightAboutHalfTheTime() {
        var flips = new ImageAugmentation(new TrainingPlan.Augment(true, 0), 42);
        var out = flips.apply(copies(1000), 3, 5);
        int mirrored = 0;
        for (int i = 0; i < 1000; i++) {
            float[] image = Arrays.copyOfRange(out.features(), 9 * i, 9 * i + 9);
            if (image[0] == 3) {
                assertThat(image).containsExactly(3, 2, 1, 6, 5, 4, 9, 8, 7);
                mirrored++;
            } else {
                assertThat(image).containsExactly(ONE.features());
            }
        }
        assertThat(mirrored).isBetween(430, 570); // 1000 fair coins: ±4.4 standard deviations
        assertThat(out.targets()).isEqualTo(copies(1000).targets());
    }

    @Test
    void shouldShiftWithinTheBoundFillingWithTheBackground() {
        var shifts = new ImageAugmentation(new TrainingPlan.Augment(false, 1), 42);
        var out = shifts.apply(copies(500), 0, 0);
        var seen = new HashSet<String>();
        for (int i = 0; i < 500; i++) {
            float[] image = Arrays.copyOfRange(out.features(), 9 * i, 9 * i + 9);
            // the centre pixel (5) moves by at most one pixel, and what it leaves uncovered is the darkest value, 1
            seen.add(Arrays.toString(image));
            float centre = image[4];
            assertThat(centre).isIn(1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f);
        }
        // a shift right by one: the left column is background, the rest the image's first two columns
        assertThat(seen).contains("[1.0, 1.0, 2.0, 1.0, 4.0, 5.0, 1.0, 7.0, 8.0]");
        // and down by one, left by one
        assertThat(seen).contains("[1.0, 1.0, 1.0, 2.0, 3.0, 1.0, 5.0, 6.0, 1.0]");
        assertThat(seen).hasSize(9); // every (dy, dx) in {-1, 0, 1}²
    }

    @Test
    void shouldDrawTheSameForTheSameSeedEpochAndBatchOnly() {
        var augment = new TrainingPlan.Augment(true, 2);
        var batch = new Examples(randomPixels(64 * 4 * 4), new float[64], new long[] {1, 4, 4});
        float[] first = new ImageAugmentation(augment, 7).apply(batch, 2, 9).features();

        assertThat(new ImageAugmentation(augment, 7).apply(batch, 2, 9).features())
                .containsExactly(first);
        assertThat(new ImageAugmentation(augment, 7).apply(batch, 3, 9).features())
                .isNotEqualTo(first);
        assertThat(new ImageAugmentation(augment, 7).apply(batch, 2, 10).features())
                .isNotEqualTo(first);
        assertThat(new ImageAugmentation(augment, 8).apply(batch, 2, 9).features())
                .isNotEqualTo(first);
    }

    private static float[] randomPixels(int n) {
        var random = new SplittableRandom(1);
        float[] pixels = new float[n];
        for (int i = 0; i < n; i++) {
            pixels[i] = (float) random.nextDouble();
        }
        return pixels;
    }
}
