package dev.anneal.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import java.util.Arrays;

/**
 * One optimizer step: forward and backward passes over a few consecutive batches of the epoch's order (gradient
 * accumulation), on every replica, then clipping, the update at the rate source's rate, and the new weights copied
 * to the other replicas. The gradient norm, clipping and update each work on all the parameters at once, laid flat.
 */
final class GradientStep {

    private final Replicas replicas;
    private final Examples train;
    private final int batchSize;
    private final Double clipNorm;
    private final ImageAugmentation augmentation;
    private final InputShape shape;
    private final Task task;
    private final StatefulOptimizer optimizer;

    GradientStep(
            Replicas replicas,
            PreparedData data,
            TrainingPlan plan,
            InputShape shape,
            Task task,
            StatefulOptimizer optimizer) {
        this.replicas = replicas;
        this.optimizer = optimizer;
        this.train = data.train();
        this.batchSize = plan.loop().batchSize();
        this.clipNorm = plan.loop().gradClipNorm();
        this.augmentation =
                new ImageAugmentation(plan.data().augment(), plan.loop().seed());
        this.shape = shape;
        this.task = task;
    }

    /**
     * The step's mean loss and gradient norm.
     *
     * @param trainLoss the mean loss over every example of the step
     * @param gradNorm the global gradient norm before clipping
     */
    record Result(double trainLoss, double gradNorm) {}

    /** Trains on {@code batches} batches of {@code order} from batch {@code first}, in {@code epoch}. */
    Result take(int[] order, int epoch, int first, int batches) {
        double lossSum = 0;
        int examples = 0;
        // the scope frees every array the step creates, gradient views and intermediates included
        try (NDScope arrays = new NDScope()) {
            try (GradientCollector collector = new GradientTape()) {
                for (int b = first; b < first + batches; b++) {
                    int from = b * batchSize;
                    int to = Math.min(order.length, from + batchSize);
                    var batch = augmentation.apply(train.select(Arrays.copyOfRange(order, from, to)), epoch, b);
                    // the mean over every example of the step: weight each batch by its share before adding up
                    double share = (double) batch.count() / stepExamples(first, batches);
                    lossSum += replicas.backward(collector, batch, share, shape, task::labels);
                    examples += batch.count();
                }
            }
            NDArray gradient = replicas.takeGradient();
            double gradNorm = clip(gradient);
            // the optimizer asks the rate source for this step's rate
            optimizer.update(replicas.learning().weights(), gradient);
            replicas.broadcast();
            return new Result(lossSum / examples, gradNorm);
        }
    }

    private int stepExamples(int first, int batches) {
        int from = first * batchSize;
        int to = Math.min(train.count(), (first + batches) * batchSize);
        return to - from;
    }

    /** The global gradient norm before clipping; scales the gradient down to the clip norm when above it. */
    private double clip(NDArray gradient) {
        double norm = gradient.norm().getFloat();
        if (clipNorm != null && norm > clipNorm) {
            gradient.muli((float) (clipNorm / norm));
        }
        return norm;
    }
}
