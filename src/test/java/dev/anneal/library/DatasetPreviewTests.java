package dev.anneal.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The few examples a dataset's page shows: which are drawn, and that a thumbnail shows the example's own pixels. */
class DatasetPreviewTests {

    private static BufferedImage decoded(String address) throws Exception {
        assertThat(address).startsWith("data:image/png;base64,");
        byte[] png = Base64.getDecoder().decode(address.substring("data:image/png;base64,".length()));
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    private static ParsedDataset classes(float[] features, float[] targets, long[] shape, String... names) {
        return Targets.named(true, new LabelledArrays(features, targets, shape), null, null, List.of(names));
    }

    @Test
    void shouldDrawTheExamplesAClassAtATimeSoEveryClassShows() {
        // 30 examples: class 0 first twenty times, then classes 1 and 2 five times each
        float[] targets = new float[30];
        for (int i = 20; i < 30; i++) {
            targets[i] = i < 25 ? 1 : 2;
        }
        var preview = DatasetPreview.of(classes(new float[30 * 2], targets, new long[] {2}, "a", "b", "c"));

        assertThat(preview.examples())
                .extracting(DatasetPreview.Example::label)
                .containsExactly("a", "b", "c", "a", "b", "c", "a", "b", "c", "a", "b", "c");
    }

    @Test
    void shouldShowAGreyImageStretchedFromItsOwnDarkestToItsBrightestValue() throws Exception {
        // one 4×4 example, values 10 to 25: the darkest black, the brightest white, in their places
        float[] features = new float[16 * 2];
        for (int i = 0; i < 16; i++) {
            features[i] = 10 + i;
            features[16 + i] = 0.5f;
        }
        var preview = DatasetPreview.of(classes(features, new float[] {0, 1}, new long[] {1, 4, 4}, "x", "y"));

        assertThat(preview.columns()).isNull();
        var image = decoded(preview.examples().get(0).image());
        assertThat(image.getWidth()).isEqualTo(4);
        assertThat(image.getHeight()).isEqualTo(4);
        assertThat(image.getRaster().getSample(0, 0, 0)).isZero();
        assertThat(image.getRaster().getSample(3, 3, 0)).isEqualTo(255);
        assertThat(image.getRaster().getSample(1, 0, 0)).isEqualTo(Math.round(255 / 15f));
        assertThat(image.getRaster().getSample(0, 1, 0)).as("row-major").isEqualTo(Math.round(4 * 255 / 15f));
    }

    @Test
    void shouldShowColourChannelsAsRedGreenAndBlueAndSampleALargeImageDown() throws Exception {
        // one 3×200×100 example: red everywhere, green nowhere, blue in the left half
        int plane = 200 * 100;
        float[] features = new float[3 * plane * 2];
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 100; x++) {
                features[y * 100 + x] = 1;
                features[2 * plane + y * 100 + x] = x < 50 ? 1 : 0;
            }
        }
        var preview = DatasetPreview.of(classes(features, new float[] {0, 1}, new long[] {3, 200, 100}, "x", "y"));

        var image = decoded(preview.examples().get(0).image());
        // every fourth pixel: the first step that fits 200 in 64
        assertThat(image.getHeight()).isEqualTo(50).isLessThanOrEqualTo(DatasetPreview.THUMBNAIL);
        assertThat(image.getWidth()).isEqualTo(25);
        assertThat(image.getRGB(0, 0) & 0xffffff).isEqualTo(0xff00ff);
        assertThat(image.getRGB(24, 49) & 0xffffff).isEqualTo(0xff0000);
    }

    @Test
    void shouldShowOtherExamplesAsRowsOfTheirFirstValuesUnderTheirNames() {
        int size = 20;
        float[] features = new float[3 * size];
        for (int i = 0; i < features.length; i++) {
            features[i] = i;
        }
        var regression = new ParsedDataset(
                false,
                null,
                new LabelledArrays(features, new float[] {0.5f, 1.5f, 2.5f}, new long[] {size}),
                null,
                null,
                null);

        var preview = DatasetPreview.of(regression);

        assertThat(preview.columns()).hasSize(DatasetPreview.MAX_VALUES).startsWith("x[0]", "x[1]");
        assertThat(preview.valuesLeftOut()).isEqualTo(size - DatasetPreview.MAX_VALUES);
        assertThat(preview.examples()).extracting(DatasetPreview.Example::label).containsExactly("0.5", "1.5", "2.5");
        assertThat(preview.examples().get(1).values()).startsWith(20f, 21f);
        assertThat(DatasetPreview.of(regression.withFeatureNames(java.util.stream.IntStream.range(0, size)
                                .mapToObj(i -> "f" + i)
                                .toList()))
                        .columns())
                .startsWith("f0", "f1");
    }
}
