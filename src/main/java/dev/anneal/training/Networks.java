package dev.anneal.training;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/** The models a plan can name. */
final class Networks {

    /** The share of its running statistics a batch-norm layer keeps at each training batch (DJL's default). */
    static final float BATCH_NORM_MOMENTUM = 0.9f;

    private Networks() {}

    static Block build(TrainingPlan.Network network, int outputs) {
        return switch (network.name()) {
            case MLP -> mlp(network.hidden(), outputs);
            case CNN -> cnn(outputs);
        };
    }

    /** Fully connected layers with ReLU between them. */
    static Block mlp(List<Integer> hidden, int outputs) {
        var block = new SequentialBlock().add(Blocks.batchFlattenBlock());
        for (int units : hidden) {
            block.add(Linear.builder().setUnits(units).build()).add(Activation::relu);
        }
        return block.add(Linear.builder().setUnits(outputs).build());
    }

    /**
     * Two 3×3 convolutions with 2×2 max pooling and batch norm, then two dense layers: the small CNN of the
     * Fashion-MNIST benchmark's best row (0.934).
     *
     * <p>Each convolution is pooled before it is normalised. Batch norm and ReLU then work on a quarter of the
     * values, and PyTorch's CPU max pooling, the slowest operation of the step in this layout, no longer follows
     * them: a step takes about two thirds of the time it did with pooling last (measured in docs/benchmarks.md).
     */
    static Block cnn(int outputs) {
        return new SequentialBlock()
                .add(convolution(32))
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(BatchNorm.builder().optMomentum(BATCH_NORM_MOMENTUM).build())
                .add(Activation::relu)
                .add(convolution(64))
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(BatchNorm.builder().optMomentum(BATCH_NORM_MOMENTUM).build())
                .add(Activation::relu)
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(128).build())
                .add(Activation::relu)
                .add(Dropout.builder().optRate(0.25f).build())
                .add(Linear.builder().setUnits(outputs).build());
    }

    private static Block convolution(int filters) {
        return Conv2d.builder()
                .setKernelShape(new Shape(3, 3))
                .optPadding(new Shape(1, 1))
                .setFilters(filters)
                .build();
    }
}
