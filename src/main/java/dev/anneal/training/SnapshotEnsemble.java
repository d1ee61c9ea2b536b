package dev.anneal.training;

import ai.djl.training.Trainer;
import java.util.ArrayList;

/**
 * Snapshot ensembles (Huang et al., 2017): warm restarts end every cycle at a good model, so keeping the weights at
 * each cycle's end, and at the run's, gives an ensemble for the price of evaluating it. At the end each of the last
 * {@code keep} snapshots is evaluated alone and all of them together, on the mean of their softmax outputs (of their
 * predictions, for regression), on the validation and test sets; the run then finishes with its last weights.
 */
final class SnapshotEnsemble implements TrainingListener {

    private final SnapshotStore store;
    private final Replicas replicas;

    SnapshotEnsemble(SnapshotStore store, Replicas replicas) {
        this.store = store;
        this.replicas = replicas;
    }

    @Override
    public void onCycleEnd(CycleEnd end) {
        // the weights as the cycle left them, the rate at its floor: the step that restarts is not taken yet
        store.take(new SnapshotStore.Mark(end.steps(), end.epoch(), end.cycle()), replicas.weights(0));
    }

    /**
     * Takes the run's last snapshot at {@code last}, evaluates every kept one and their ensemble, and puts the last
     * weights back.
     */
    TrainingSummary.Snapshots finish(
            Trainer trainer, PreparedData data, Task task, Evaluator evaluator, SnapshotStore.Mark last) {
        long started = System.nanoTime();
        store.take(last, replicas.weights(0));
        var marks = store.marks();
        int outputs = task.outputs();
        float[] validationSums = new float[data.validation().count() * outputs];
        float[] testSums = new float[data.test().count() * outputs];
        var figures = new ArrayList<TrainingSummary.Snapshot>();
        for (int i = 0; i < marks.size(); i++) {
            store.copyInto(i, replicas.weights(0));
            var validation = evaluator.evaluateAdding(trainer, data.validation(), validationSums);
            var test = evaluator.evaluateAdding(trainer, data.test(), testSums);
            var mark = marks.get(i);
            figures.add(new TrainingSummary.Snapshot(
                    mark.step(), mark.epoch(), mark.cycle(), validation.loss(), accuracy(validation), accuracy(test)));
        }
        var validation = evaluator.evaluateMean(trainer, data.validation(), validationSums, marks.size());
        var test = evaluator.evaluateMean(trainer, data.test(), testSums, marks.size());
        store.copyInto(marks.size() - 1, replicas.weights(0));
        return new TrainingSummary.Snapshots(
                figures,
                new TrainingSummary.Ensemble(
                        marks.size(),
                        validation.loss(),
                        accuracy(validation),
                        accuracy(test),
                        (System.nanoTime() - started) / 1e9));
    }

    private static Double accuracy(Evaluation result) {
        return Double.isNaN(result.accuracy()) ? null : result.accuracy();
    }
}
