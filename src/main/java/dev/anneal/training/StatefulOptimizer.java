package dev.anneal.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.training.tracker.Tracker;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An optimizer whose whole state (the updates taken and its buffers) can be saved with a checkpoint and restored, so
 * a resumed run takes exactly the updates an uninterrupted one would. It updates all of a model's learning weights
 * at once, laid flat ({@link FlatParameters}): every operation of an update runs once per step, not once per
 * parameter. The arithmetic is elementwise, so this is the update each parameter would have had on its own.
 */
abstract class StatefulOptimizer {

    private final Tracker learningRate;
    private final Map<String, NDArray> buffers = new LinkedHashMap<>();
    private final Scalars scalars = new Scalars();
    private long updates;

    StatefulOptimizer(Tracker learningRate) {
        this.learningRate = learningRate;
    }

    /** Takes one update of {@code weights} along {@code gradient}, an array of the same layout, in place. */
    final void update(NDArray weights, NDArray gradient) {
        updates++;
        float lr = learningRate.getNewValue(Math.toIntExact(updates));
        try (NDScope temporaries = new NDScope()) { // every intermediate array of the update is freed here
            apply(updates, lr, weights, gradient);
        }
    }

    /**
     * Applies update number {@code update} (from 1) of {@code weight} at rate {@code lr}, in place. The gradient is
     * spent after the update, so it may be worked on in place too.
     */
    abstract void apply(long update, float lr, NDArray weight, NDArray grad);

    /** The buffer {@code name}, created as zeros like {@code like} on first use. */
    final NDArray buffer(String name, NDArray like) {
        return buffers.computeIfAbsent(name, key -> {
            NDArray zeros = like.zerosLike();
            NDScope.unregister(zeros); // owned by the optimizer for the whole run, not by one update
            return zeros;
        });
    }

    /** {@code value} as a scalar array on {@code like}'s device, for in-place arithmetic without a new native tensor. */
    final NDArray scalar(double value, NDArray like) {
        return scalars.of((float) value, like);
    }

    /** Whether there is a buffer {@code name} yet. */
    final boolean hasBuffer(String name) {
        return buffers.containsKey(name);
    }

    /**
     * The optimizer's state, filed per parameter ({@code "01Linear_weight/momentum"}) by where each lies in the
     * flat weights: checkpoints keep the form they had before the weights were laid flat, and a checkpoint of a run
     * does not depend on how its parameters happened to be laid out.
     */
    final Snapshot snapshot(List<FlatParameters.Stretch> layout) {
        try (NDScope views = new NDScope()) {
            var arrays = new NDList();
            var counts = new LinkedHashMap<String, Long>();
            for (FlatParameters.Stretch stretch : layout) {
                counts.put(stretch.name(), updates);
                buffers.forEach((name, buffer) -> {
                    NDArray view = stretch.of(buffer);
                    view.setName(stretch.name() + "/" + name);
                    arrays.add(view);
                });
            }
            return new Snapshot(Map.copyOf(counts), arrays.encode());
        }
    }

    /** Continues from {@code snapshot}; buffers are created like {@code weights}, whose layout is {@code layout}. */
    final void restore(Snapshot snapshot, List<FlatParameters.Stretch> layout, NDArray weights) {
        updates = snapshot.updates().values().stream()
                .mapToLong(Long::longValue)
                .max()
                .orElse(0);
        buffers.values().forEach(NDArray::close);
        buffers.clear();
        try (NDScope read = new NDScope()) {
            for (NDArray array : NDList.decode(weights.getManager(), snapshot.buffers())) {
                String name = array.getName();
                int slash = name.lastIndexOf('/');
                var stretch = layout.stream()
                        .filter(s -> s.name().equals(name.substring(0, slash)))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(
                                "the optimizer's state names %s, which the model does not have".formatted(name)));
                InPlace.copy(array, stretch.of(buffer(name.substring(slash + 1), weights)));
            }
        }
    }

    /**
     * An optimizer's saved state.
     *
     * @param updates updates taken per parameter
     * @param buffers every buffer, encoded by DJL with its name
     */
    record Snapshot(Map<String, Long> updates, byte[] buffers) {}
}
