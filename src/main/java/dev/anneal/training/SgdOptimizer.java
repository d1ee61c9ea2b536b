package dev.anneal.training;

import ai.djl.ndarray.NDArray;
import ai.djl.training.tracker.Tracker;

/**
 * Stochastic gradient descent as PyTorch's {@code torch.optim.SGD} defines it: L2 weight decay added to the
 * gradient, momentum buffer {@code b = μ·b + g} (just {@code g} on the first update), Nesterov
 * {@code g + μ·b}. (DJL's own {@code Optimizer.nag()} throws "Not implemented" on the PyTorch engine.)
 */
final class SgdOptimizer extends StatefulOptimizer {

    private final float momentum;
    private final boolean nesterov;
    private final float weightDecay;

    SgdOptimizer(Tracker learningRate, float momentum, boolean nesterov, float weightDecay) {
        super(learningRate);
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
    }

    @Override
    void apply(long update, float lr, NDArray weight, NDArray grad) {
        NDArray rate = scalar(lr, weight);
        NDArray g = weightDecay == 0 ? grad : grad.addi(weight.mul(scalar(weightDecay, weight)));
        if (momentum == 0) {
            weight.subi(g.muli(rate));
            return;
        }
        NDArray mu = scalar(momentum, weight);
        boolean first = !hasBuffer("momentum");
        NDArray buffer = buffer("momentum", weight);
        if (first) {
            buffer.addi(g);
        } else {
            buffer.muli(mu).addi(g);
        }
        weight.subi(nesterov ? g.addi(buffer.mul(mu)).muli(rate) : buffer.mul(rate));
    }
}
