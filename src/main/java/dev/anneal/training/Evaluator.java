package dev.anneal.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.Trainer;
import java.util.stream.IntStream;

/** Measures the model on a held-out set: its mean loss and, for a task that has one, its accuracy. */
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

    Evaluation evaluate(Trainer trainer, Examples set) {
        double lossSum = 0;
        long correct = 0;
        for (int from = 0; from < set.count(); from += batchSize) {
            int to = Math.min(set.count(), from + batchSize);
            try (NDScope arrays = new NDScope();
                    NDManager scope = trainer.getManager().newSubManager()) {
                var batch = set.select(IntStream.range(from, to).toArray());
                NDList input = new NDList(scope.create(batch.features(), shape.of(batch.count())));
                NDArray label = task.labels(scope, batch);
                NDList prediction = trainer.evaluate(input);
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
