package dev.anneal.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;

/** What the network learns: a class out of several, or a number. Decides its outputs, its loss and its accuracy. */
sealed interface Task {

    /** The task of {@code data}: classification when it has classes, regression when it has none. */
    static Task of(PreparedData data) {
        return data.classes() > 0 ? new Classification(data.classes()) : new Regression();
    }

    /** The network's outputs per example. */
    int outputs();

    /** The loss the optimizer minimises and evaluation reports. */
    Loss loss();

    /** The targets of {@code batch} as the loss wants them. */
    NDArray labels(NDManager manager, Examples batch);

    /** How many of {@code prediction}'s examples are right; always 0 where there is no accuracy. */
    long correct(NDList prediction, NDArray labels);

    /** Whether the task has an accuracy. */
    boolean hasAccuracy();

    /** What an ensemble averages of a member's {@code prediction}: class probabilities, or the predictions. */
    NDArray averageable(NDArray prediction);

    /**
     * The ensemble's mean of {@link #averageable} outputs as a prediction the loss and the accuracy take: the log of
     * the mean probabilities (the loss's softmax leaves them as they are, so the loss is their negative log
     * likelihood), or the mean prediction.
     */
    NDArray asPrediction(NDArray mean);

    /**
     * Picking one of {@code classes} classes: one output per class, softmax cross-entropy, accuracy.
     *
     * @param classes how many classes there are
     */
    record Classification(int classes) implements Task {

        @Override
        public int outputs() {
            return classes;
        }

        @Override
        public Loss loss() {
            return Loss.softmaxCrossEntropyLoss();
        }

        @Override
        public NDArray labels(NDManager manager, Examples batch) {
            return manager.create(batch.targets());
        }

        @Override
        public long correct(NDList prediction, NDArray labels) {
            return prediction
                    .singletonOrThrow()
                    .argMax(1)
                    .toType(DataType.FLOAT32, false)
                    .eq(labels)
                    .countNonzero()
                    .getLong();
        }

        @Override
        public boolean hasAccuracy() {
            return true;
        }

        @Override
        public NDArray averageable(NDArray prediction) {
            return prediction.softmax(1);
        }

        @Override
        public NDArray asPrediction(NDArray mean) {
            // a probability that underflowed to 0 would be -inf here: held at the smallest normal float instead
            return mean.clip(Float.MIN_NORMAL, 1).log();
        }
    }

    /** Predicting one number: one output, squared error, no accuracy. */
    record Regression() implements Task {

        @Override
        public int outputs() {
            return 1;
        }

        @Override
        public Loss loss() {
            return Loss.l2Loss();
        }

        @Override
        public NDArray labels(NDManager manager, Examples batch) {
            return manager.create(batch.targets()).reshape(batch.count(), 1);
        }

        @Override
        public long correct(NDList prediction, NDArray labels) {
            return 0;
        }

        @Override
        public boolean hasAccuracy() {
            return false;
        }

        @Override
        public NDArray averageable(NDArray prediction) {
            return prediction;
        }

        @Override
        public NDArray asPrediction(NDArray mean) {
            return mean;
        }
    }
}
