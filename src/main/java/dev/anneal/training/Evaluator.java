package dev.anneal.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.Trainer;
import java.util.stream.IntStream;

/**
 * Measures the model on a held-out set: its mean loss and, for a task that has one, its accuracy; and, for a
 * snapshot ensemble, each member's outputs added up and the ensemble measured on their mean.
 */
final class Evaluator {

    private final Task task;
    private final InputShape shape;
    private final int batchSize;

    Evaluator(Task task, InputShape shape, int trainingBatchSize) {
        this.task = task;
        this.shape = shape;
        // no gradients are kept while evaluating: larger batches cost little memory and save passes
        this.batchSize = Math.max(trainingBatchSize, 256);
    }

    /** What predicts a batch: the model, or an ensemble's mean. */
    @FunctionalInterface
    private interface Predictor {
        NDList predict(NDManager scope, NDList input, int from, int count);
    }

    Evaluation evaluate(Trainer trainer, Examples set) {
        return measure(trainer, set, (scope, input, from, count) -> trainer.evaluate(input));
    }

    /**
     * Evaluates the model as {@link #evaluate} does, and adds its outputs (class probabilities, or predictions) to
     * {@code sums}: {@link Task#outputs()} values per example, in the set's order.
     */
    Evaluation evaluateAdding(Trainer trainer, Examples set, float[] sums) {
        int outputs = task.outputs();
        return measure(trainer, set, (scope, input, from, count) -> {
            NDList prediction = trainer.evaluate(input);
            float[] member = task.averageable(prediction.singletonOrThrow()).toFloatArray();
            for (int i = 0; i < member.length; i++) {
                sums[from * outputs + i] += member[i];
            }
            return prediction;
        });
    }

    /** Measures the ensemble whose {@code members} outputs {@link #evaluateAdding} added up in {@code sums}. */
    Evaluation evaluateMean(Trainer trainer, Examples set, float[] sums, int members) {
        int outputs = task.outputs();
        return measure(trainer, set, (scope, input, from, count) -> {
            float[] mean = new float[count * outputs];
            for (int i = 0; i < mean.length; i++) {
                mean[i] = sums[from * outputs + i] / members;
            }
            return new NDList(task.asPrediction(scope.create(mean, new Shape(count, outputs))));
        });
    }

    private Evaluation measure(Trainer trainer, Examples set, Predictor predictor) {
        double lossSum = 0;
        long correct = 0;
        for (int from = 0; from < set.count(); from += batchSize) {
            int to = Math.min(set.count(), from + batchSize);
            try (NDScope arrays = new NDScope();
                    NDManager scope = trainer.getManager().newSubManager()) {
                var batch = set.select(IntStream.range(from, to).toArray());
                NDList input = new NDList(scope.create(batch.features(), shape.of(batch.count())));
                NDArray label = task.labels(scope, batch);
                NDList prediction = predictor.predict(scope, input, from, batch.count());
                lossSum += trainer.getLoss()
                                .evaluate(new NDList(label), prediction)
                                .getFloat()
                        * batch.count();
                correct += task.correct(prediction, label);
            }
        }
        return new Evaluation(lossSum / set.count(), task.hasAccuracy() ? (double) correct / set.count() : Double.NaN);
    }
}
