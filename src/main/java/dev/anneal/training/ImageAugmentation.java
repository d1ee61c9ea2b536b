package dev.anneal.training;

import java.util.SplittableRandom;

/**
 * Random horizontal flips and shifts of a batch of images, done on the host before the batch becomes a tensor (a
 * few hundred thousand floats a batch: noise beside a forward pass).
 *
 * <p>The draws come from the run's seed, the epoch and the batch's place in it, never from a generator that runs on
 * across steps, so a run resumed mid-epoch sees exactly the images an uninterrupted one would.
 */
final class ImageAugmentation {

    private final TrainingPlan.Augment augment;
    private final long seed;

    ImageAugmentation(TrainingPlan.Augment augment, long seed) {
        this.augment = augment;
        this.seed = seed;
    }

    /**
     * {@code batch} with every image flipped and shifted at random: the {@code batch}-th of {@code epoch}. The
     * examples are {@code [channels, height, width]}; pixels a shift uncovers take the image's darkest value, the
     * background of a normalised Fashion-MNIST image.
     */
    Examples apply(Examples batch, int epoch, int batchIndex) {
        if (augment.isNone()) {
            return batch;
        }
        long[] shape = batch.exampleShape();
        int channels = (int) shape[0];
        int height = (int) shape[1];
        int width = (int) shape[2];
        int size = batch.featureSize();
        float[] source = batch.features();
        float[] augmented = new float[source.length];
        var random = new SplittableRandom(mix(seed, epoch, batchIndex));
        for (int i = 0; i < batch.count(); i++) {
            boolean flip = augment.horizontalFlip() && random.nextBoolean();
            int dy = shift(random);
            int dx = shift(random);
            int offset = i * size;
            float background = min(source, offset, size);
            for (int c = 0; c < channels; c++) {
                int plane = offset + c * height * width;
                for (int y = 0; y < height; y++) {
                    int fromY = y - dy;
                    for (int x = 0; x < width; x++) {
                        int fromX = (flip ? width - 1 - x : x) - dx;
                        boolean inside = fromY >= 0 && fromY < height && fromX >= 0 && fromX < width;
                        augmented[plane + y * width + x] = inside ? source[plane + fromY * width + fromX] : background;
                    }
                }
            }
        }
        return new Examples(augmented, batch.targets(), shape);
    }

    private int shift(SplittableRandom random) {
        return augment.maxShift() == 0 ? 0 : random.nextInt(-augment.maxShift(), augment.maxShift() + 1);
    }

    private static float min(float[] values, int from, int length) {
        float min = Float.POSITIVE_INFINITY;
        for (int i = from; i < from + length; i++) {
            min = Math.min(min, values[i]);
        }
        return min;
    }

    /** A seed for one batch's draws; SplittableRandom scrambles it further, so nearby batches draw unrelated. */
    private static long mix(long seed, int epoch, int batchIndex) {
        return (seed * 0x9E3779B97F4A7C15L + epoch) * 0xBF58476D1CE4E5B9L + batchIndex;
    }
}
