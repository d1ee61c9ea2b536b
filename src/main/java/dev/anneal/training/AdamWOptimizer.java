package dev.anneal.training;

import ai.djl.ndarray.NDArray;
import ai.djl.training.tracker.Tracker;

/**
 * Adam with decoupled weight decay as PyTorch's {@code torch.optim.AdamW} defines it: the weight shrinks by
 * {@code lr·λ} first, then takes the bias-corrected Adam step.
 */
final class AdamWOptimizer extends StatefulOptimizer {

    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;

    AdamWOptimizer(Tracker learningRate, float beta1, float beta2, float eps, float weightDecay) {
        super(learningRate);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    @Override
    void apply(long update, float lr, NDArray weight, NDArray grad) {
        if (weightDecay != 0) {
            weight.muli(scalar(1 - lr * weightDecay, weight));
        }
        NDArray m = buffer("m", weight);
        NDArray v = buffer("v", weight);
        m.muli(scalar(beta1, weight)).addi(grad.mul(scalar(1 - beta1, weight)));
        v.muli(scalar(beta2, weight)).addi(grad.square().muli(scalar(1 - beta2, weight)));
        double correction1 = 1 - Math.pow(beta1, update);
        double correction2 = 1 - Math.pow(beta2, update);
        NDArray denominator = v.div(scalar(correction2, weight)).sqrt().addi(scalar(eps, weight));
        weight.subi(m.div(denominator).muli(scalar(lr / correction1, weight)));
    }
}
