package dev.anneal.training;

import ai.djl.training.Trainer;

/**
 * Stochastic weight averaging: adds the weights at the end of every epoch from {@code swa_from_epoch} on to the
 * average, and at the end puts the average in place of the last weights.
 */
final class WeightAveraging implements TrainingListener {

    private final Integer fromEpoch;
    private final WeightAverage average;
    private final Replicas replicas;

    WeightAveraging(Integer fromEpoch, WeightAverage average, Replicas replicas) {
        this.fromEpoch = fromEpoch;
        this.average = average;
        this.replicas = replicas;
    }

    @Override
    public void onEpochEnd(EpochEnd end) {
        if (fromEpoch != null && end.epochs() >= fromEpoch) {
            average.add(replicas.trainable());
        }
    }

    /**
     * Puts the average in place of the last weights, measures batch-norm statistics for it and evaluates it on the
     * validation set; the test accuracy that follows is the average's. {@code null} when nothing was averaged.
     */
    TrainingSummary.Averaged finish(Trainer trainer, PreparedData data, InputShape shape, Evaluator evaluator) {
        if (average.count() == 0) {
            return null;
        }
        average.copyInto(replicas.trainable());
        // batch norm's running statistics are those of the weights that trained last, not of their average
        BatchNormStatistics.measure(trainer, data.train(), shape::of);
        replicas.broadcast();
        var result = evaluator.evaluate(trainer, data.validation());
        return new TrainingSummary.Averaged(
                fromEpoch, average.count(), result.loss(), Double.isNaN(result.accuracy()) ? null : result.accuracy());
    }
}
