package dev.anneal.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;

/**
 * Records the forward passes of one training step on the calling thread and runs backward through them.
 *
 * <p>DJL's own PyTorch collector allows one collector in the whole process at a time, so two runs on two worker
 * slots (say one per GPU) would refuse each other. PyTorch's grad mode is per thread and its autograd engine runs
 * backward passes of separate graphs from separate threads, so this collector only switches grad mode on for its
 * thread while it is open.
 */
final class GradientTape implements GradientCollector {

    GradientTape() {
        JniUtils.setGradMode(true);
    }

    /**
     * Stops recording on the calling thread outside a tape. PyTorch records on every new thread by default, and a
     * worker slot's thread updates parameters in place, which PyTorch refuses while it records.
     */
    static void recordOnlyInTapes() {
        Engine.getInstance(); // loads PyTorch's natives, if nothing has yet
        JniUtils.setGradMode(false);
    }

    /** Adds the gradients of {@code target} (a scalar loss) to every parameter it depends on. */
    @Override
    public void backward(NDArray target) {
        try (NDArray seed = target.onesLike()) {
            JniUtils.backward((PtNDArray) target, (PtNDArray) seed, false, false);
        }
    }

    /** Not used: the training loop zeroes the gradients it knows after each optimizer step. */
    @Override
    public void zeroGradients() {
        throw new UnsupportedOperationException("the training loop zeroes its own gradients");
    }

    @Override
    public void close() {
        JniUtils.setGradMode(false);
    }
}
