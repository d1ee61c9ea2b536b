package dev.anneal.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.ParameterList;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.HashMap;
import java.util.Map;

/**
 * A DJL optimizer whose whole state (update counts and per-parameter buffers) can be saved with a checkpoint and
 * restored, so a resumed run takes exactly the updates an uninterrupted one would. DJL keeps its own optimizers'
 * state private, hence our own.
 */
abstract class StatefulOptimizer extends Optimizer {

    private final Tracker learningRate;
    private final Map<String, Long> updates = new HashMap<>();
    private final Map<String, NDArray> buffers = new HashMap<>();
    private final Scalars scalars = new Scalars();
    private Map<String, String> names = Map.of();

    StatefulOptimizer(Tracker learningRate) {
        super(new Settings());
        this.learningRate = learningRate;
    }

    /**
     * Files the state of each parameter under its path in the block ({@code "01Linear_weight"}) instead of DJL's
     * parameter id, a random UUID that a model rebuilt for a resume does not keep.
     */
    final void nameParameters(ParameterList parameters) {
        var byId = new HashMap<String, String>();
        parameters.forEach(pair -> byId.put(pair.getValue().getId(), pair.getKey()));
        names = Map.copyOf(byId);
    }

    @Override
    public final void update(String id, NDArray weight, NDArray grad) {
        String parameterId = names.getOrDefault(id, id);
        long update = updates.merge(parameterId, 1L, Long::sum);
        float lr = learningRate.getNewValue(parameterId, Math.toIntExact(update));
        try (NDScope temporaries = new NDScope()) { // every intermediate array of the update is freed here
            apply(parameterId, update, lr, weight, grad);
        }
    }

    /** Applies update number {@code update} (from 1) of {@code weight} at rate {@code lr}, in place. */
    abstract void apply(String parameterId, long update, float lr, NDArray weight, NDArray grad);

    /** The buffer {@code name} of {@code parameterId}, created as zeros like {@code like} on first use. */
    final NDArray buffer(String parameterId, String name, NDArray like) {
        return buffers.computeIfAbsent(parameterId + "/" + name, key -> {
            NDArray zeros = like.zerosLike();
            NDScope.unregister(zeros); // owned by the optimizer for the whole run, not by one update
            return zeros;
        });
    }

    /** {@code value} as a scalar array on {@code like}'s device, for in-place arithmetic without a new native tensor. */
    final NDArray scalar(double value, NDArray like) {
        return scalars.of((float) value, like);
    }

    /** Whether {@code parameterId} has a buffer {@code name} yet. */
    final boolean hasBuffer(String parameterId, String name) {
        return buffers.containsKey(parameterId + "/" + name);
    }

    /** The optimizer's state: update counts per parameter, and every buffer, named. */
    final Snapshot snapshot() {
        var arrays = new NDList();
        buffers.forEach((name, array) -> {
            array.setName(name);
            arrays.add(array);
        });
        return new Snapshot(Map.copyOf(updates), arrays.encode());
    }

    /** Continues from {@code snapshot}; buffers are created in {@code manager}. */
    final void restore(Snapshot snapshot, NDManager manager) {
        updates.clear();
        updates.putAll(snapshot.updates());
        buffers.values().forEach(NDArray::close);
        buffers.clear();
        for (NDArray array : NDList.decode(manager, snapshot.buffers())) {
            buffers.put(array.getName(), array);
        }
    }

    /**
     * An optimizer's saved state.
     *
     * @param updates updates taken per parameter
     * @param buffers every buffer, encoded by DJL with its name
     */
    record Snapshot(Map<String, Long> updates, byte[] buffers) {}

    /** DJL's builder is required by its constructor; our optimizers take no settings through it. */
    private static final class Settings extends OptimizerBuilder<Settings> {

        Settings() {
            setRescaleGrad(1f);
        }

        @Override
        protected Settings self() {
            return this;
        }
    }
}
