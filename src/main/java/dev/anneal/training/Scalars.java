package dev.anneal.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Zero-dimensional arrays of the numbers an optimizer multiplies by, kept from one update to the next.
 *
 * <p>DJL's {@code muli(Number)} and its kin create a native tensor for the number, and free it, on every call: a few
 * numbers per parameter per step made the optimizer spend more time creating scalars than updating weights. The
 * rates change every step, so only the most recently used numbers are kept.
 */
final class Scalars {

    /** Enough for every number of one step of either optimizer, and those of the step before. */
    private static final int KEPT = 16;

    private record Key(Device device, float value) {}

    private final Map<Key, NDArray> arrays = new LinkedHashMap<>(KEPT, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, NDArray> eldest) {
            if (size() <= KEPT) {
                return false;
            }
            eldest.getValue().close();
            return true;
        }
    };

    /** {@code value} as a float32 scalar on {@code like}'s device, owned by this cache rather than the caller. */
    NDArray of(float value, NDArray like) {
        return arrays.computeIfAbsent(new Key(like.getDevice(), value), key -> {
            NDArray scalar = like.getManager().create(value);
            NDScope.unregister(scalar); // outlives the update that first asked for it
            return scalar;
        });
    }
}
