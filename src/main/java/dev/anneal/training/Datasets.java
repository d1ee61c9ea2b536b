package dev.anneal.training;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

/** Loads the dataset a plan names and splits it by the run's seed into training, validation and test sets. */
final class Datasets {

    private final FashionMnist fashionMnist;

    Datasets(Path configuredDir, Path downloadDir) {
        this.fashionMnist = new FashionMnist(configuredDir, downloadDir);
    }

    PreparedData prepare(TrainingPlan.Data data, long seed) {
        if (data.uploaded() != null) {
            return uploaded(data.uploaded().get(), data, seed);
        }
        return switch (data.name()) {
            case SYNTHETIC_SPIRALS ->
                split(
                        SyntheticData.spirals(SyntheticData.POOL_SIZE, seed),
                        SyntheticData.spirals(SyntheticData.TEST_SIZE, ~seed),
                        SyntheticData.SPIRAL_ARMS,
                        Map.of("generator", "synthetic-spirals", "seed", Long.toString(seed)),
                        data,
                        seed);
            case SYNTHETIC_REGRESSION ->
                split(
                        SyntheticData.regression(SyntheticData.POOL_SIZE, seed, seed),
                        SyntheticData.regression(SyntheticData.TEST_SIZE, ~seed, seed),
                        0,
                        Map.of("generator", "synthetic-regression", "seed", Long.toString(seed)),
                        data,
                        seed);
            case FASHION_MNIST -> {
                var loaded = fashionMnist.load();
                yield split(loaded.pool(), loaded.test(), 10, loaded.checksums(), data, seed);
            }
        };
    }

    /**
     * Shuffles the pool by {@code seed}, keeps at most {@code limit} of it, and holds {@code valFraction} out for
     * validation; the test set is only cut to {@code limit}, never mixed in.
     */
    private static PreparedData split(
            Examples pool,
            Examples test,
            int classes,
            Map<String, String> fingerprint,
            TrainingPlan.Data data,
            long seed) {
        int[] order = permutation(pool.count(), new SplittableRandom(seed ^ 0x5DEECE66DL));
        int used = data.limit() == null ? pool.count() : Math.min(pool.count(), data.limit());
        int validation = Math.max(1, (int) Math.round(used * data.valFraction()));
        if (used - validation < 1) {
            throw new DataException("dataset.limit %d leaves no training examples after holding out %d for validation"
                    .formatted(used, validation));
        }
        int[] valIndices = java.util.Arrays.copyOfRange(order, 0, validation);
        int[] trainIndices = java.util.Arrays.copyOfRange(order, validation, used);
        var testSet = data.limit() == null ? test : test.head(Math.min(test.count(), data.limit()));
        return new PreparedData(pool.select(trainIndices), pool.select(valIndices), testSet, classes, fingerprint);
    }

    /**
     * An uploaded dataset, split as it was given: its own validation split where it has one (else {@code valFraction}
     * of its training examples, by the run's seed, as for a built-in dataset), its own test split where it has one
     * (else none).
     */
    private static PreparedData uploaded(TrainingPlan.Uploaded uploaded, TrainingPlan.Data data, long seed) {
        var fingerprint = Map.of("dataset", uploaded.name(), "sha256", uploaded.sha256());
        var pool = examples(uploaded.train());
        var test = uploaded.test() == null
                ? new Examples(new float[0], new float[0], pool.exampleShape())
                : examples(uploaded.test());
        if (uploaded.validation() == null) {
            return split(pool, test, uploaded.classes(), fingerprint, data, seed);
        }
        int[] order = permutation(pool.count(), new SplittableRandom(seed ^ 0x5DEECE66DL));
        int used = data.limit() == null ? pool.count() : Math.min(pool.count(), data.limit());
        var train = pool.select(java.util.Arrays.copyOfRange(order, 0, used));
        return new PreparedData(train, examples(uploaded.validation()), test, uploaded.classes(), fingerprint);
    }

    private static Examples examples(TrainingPlan.Given given) {
        return new Examples(given.features(), given.targets(), given.exampleShape());
    }

    /** A seeded Fisher–Yates permutation of {@code 0 … n-1}. */
    static int[] permutation(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
