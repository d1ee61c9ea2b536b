package dev.anneal.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import java.util.ArrayList;
import java.util.List;

/**
 * The model, once per device, for data-parallel training: each batch is cut into one shard per copy, every copy
 * runs forward and backward on its own shard, the gradients are summed onto the first copy, which alone takes the
 * optimizer step, and the first copy's weights (batch norm's running statistics included) are then copied to the
 * others. With one device there is one copy and none of the summing or copying happens.
 *
 * <p>DJL's own multi-device trainer updates every copy with the optimizer, which would give our optimizers one
 * state per copy and count each step once per device; reducing first keeps one optimizer state and lets the
 * gradient norm and clipping see the whole batch's gradient.
 */
final class Replicas implements AutoCloseable {

    private final List<Model> models = new ArrayList<>();
    private final List<Trainer> trainers = new ArrayList<>();
    /** Per copy, its learning parameters laid flat, in the same layout for every copy. */
    private final List<FlatParameters> learning = new ArrayList<>();
    /** Per copy, the parameters that do not learn (batch norm's running statistics), in the same order for every copy. */
    private final List<List<Parameter>> statistics = new ArrayList<>();

    /**
     * Builds one copy of {@code network} on each of {@code devices}. Every copy starts from the first copy's initial
     * weights. The copies' trainers have no optimizer: the loop's own steps the first copy's flat weights.
     */
    Replicas(String name, Device[] devices, NetworkSource network, Loss loss, Shape inputShape) {
        try {
            for (int i = 0; i < devices.length; i++) {
                Model model = Model.newInstance(name + "-" + i, devices[i]);
                models.add(model);
                var flat = FlatParameters.build(network, model.getNDManager(), inputShape);
                model.setBlock(flat.block());
                var config = new DefaultTrainingConfig(loss)
                        .optDevices(new Device[] {devices[i]})
                        .optOptimizer(null); // a trainer step would update nothing, rather than apply DJL's Adam
                Trainer trainer = model.newTrainer(config);
                trainers.add(trainer);
                trainer.initialize(inputShape);
                learning.add(flat);
                statistics.add(model.getBlock().getParameters().values().stream()
                        .filter(parameter -> !parameter.requiresGradient())
                        .toList());
            }
            broadcast();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    int count() {
        return trainers.size();
    }

    /** The copy the optimizer updates, and which is evaluated and checkpointed. */
    Trainer primary() {
        return trainers.get(0);
    }

    /** The first copy's learning parameters, which the optimizer updates. */
    FlatParameters learning() {
        return learning.get(0);
    }

    /**
     * Forward and backward passes of {@code batch}, cut into one shard per copy; each shard's loss counts with
     * {@code weight} times its share of the batch, so the summed gradients are those of {@code weight} times the
     * batch's mean loss. Returns the batch's summed loss.
     */
    double backward(GradientCollector collector, Examples batch, double weight, ShapeOf shapeOf, Labels labels) {
        double lossSum = 0;
        int shards = Math.min(count(), batch.count());
        int shardSize = (batch.count() + shards - 1) / shards;
        for (int i = 0; i < shards; i++) {
            int from = i * shardSize;
            int to = Math.min(batch.count(), from + shardSize);
            var shard = shards == 1 ? batch : batch.slice(from, to);
            Trainer trainer = trainers.get(i);
            try (NDManager arrays = trainer.getManager().newSubManager()) {
                NDList input = new NDList(arrays.create(shard.features(), shapeOf.batch(shard.count())));
                NDList label = new NDList(labels.of(arrays, shard));
                NDArray loss = trainer.getLoss().evaluate(label, trainer.forward(input, label));
                lossSum += loss.getFloat() * shard.count();
                double scale = weight * shard.count() / batch.count();
                collector.backward(scale == 1 ? loss : loss.mul(scale)); // one operation fewer in the common case
            }
        }
        return lossSum;
    }

    /**
     * Every copy's gradients summed, on the first copy's device, in the layout of its flat weights; each copy's own
     * gradients start again from zero.
     */
    NDArray takeGradient() {
        NDArray sum = learning.get(0).takeGradient();
        Device primary = trainers.get(0).getManager().getDevice();
        for (int i = 1; i < count(); i++) {
            sum.addi(learning.get(i).takeGradient().toDevice(primary, false));
        }
        return sum;
    }

    /** Copies the first copy's weights and running statistics to every other copy. */
    void broadcast() {
        var source = statistics.get(0);
        for (int i = 1; i < count(); i++) {
            InPlace.copy(learning.get(0).weights(), learning.get(i).weights());
            var target = statistics.get(i);
            for (int p = 0; p < source.size(); p++) {
                InPlace.copy(source.get(p).getArray(), target.get(p).getArray());
            }
        }
    }

    /**
     * Every parameter array of copy {@code copy}, running statistics included: what a snapshot keeps. An uploaded
     * module's are its learning weights, as laid flat (its own tensors only mirror them, and its running statistics
     * live in the module, beyond DJL's reach).
     */
    List<NDArray> weights(int copy) {
        if (models.get(copy).getBlock() instanceof ModuleBlock) {
            return learning.get(copy).arrays();
        }
        return models.get(copy).getBlock().getParameters().values().stream()
                .map(Parameter::getArray)
                .toList();
    }

    /** The first copy's learning parameters' arrays. */
    List<NDArray> trainable() {
        return learning.get(0).arrays();
    }

    @Override
    public void close() {
        trainers.forEach(Trainer::close);
        models.forEach(Model::close);
    }

    /** The shape of a batch of {@code count} examples. */
    @FunctionalInterface
    interface ShapeOf {
        Shape batch(int count);
    }

    /** The label array of a batch, in a manager on the copy's device. */
    @FunctionalInterface
    interface Labels {
        NDArray of(NDManager manager, Examples batch);
    }
}
