package dev.anneal.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/**
 * The last {@code keep} snapshots of a run's weights — every parameter array, batch norm's running statistics
 * included — each with where it was taken. Older snapshots are freed as newer ones come.
 */
final class SnapshotStore implements AutoCloseable {

    /**
     * Where a snapshot was taken.
     *
     * @param step steps taken then
     * @param epoch epochs taken then
     * @param cycle the cycle that had just ended (or the run's last)
     */
    record Mark(long step, double epoch, long cycle) {}

    private record Kept(Mark mark, NDList weights) {}

    private final NDManager manager;
    private final int keep;
    private final List<Kept> kept = new ArrayList<>(); // oldest first

    SnapshotStore(NDManager parent, int keep) {
        this.manager = parent.newSubManager();
        this.keep = keep;
    }

    /** Keeps a copy of {@code weights}, taken at {@code mark}, freeing the oldest beyond {@code keep}. */
    void take(Mark mark, List<NDArray> weights) {
        var copy = new NDList(weights.size());
        for (NDArray weight : weights) {
            NDArray duplicate = weight.duplicate();
            duplicate.attach(manager);
            copy.add(duplicate);
        }
        add(new Kept(mark, copy));
    }

    private void add(Kept snapshot) {
        kept.add(snapshot);
        while (kept.size() > keep) {
            kept.remove(0).weights().close();
        }
    }

    /** Where each kept snapshot was taken, oldest first. */
    List<Mark> marks() {
        return kept.stream().map(Kept::mark).toList();
    }

    /** Copies snapshot {@code index} (oldest first) into {@code weights}, in place. */
    void copyInto(int index, List<NDArray> weights) {
        var snapshot = kept.get(index).weights();
        for (int i = 0; i < weights.size(); i++) {
            InPlace.copy(snapshot.get(i), weights.get(i));
        }
    }

    /** Snapshot {@code index}'s arrays, encoded for a checkpoint. */
    byte[] encode(int index) {
        return kept.get(index).weights().encode();
    }

    /** Puts back the snapshots a checkpoint kept: {@code marks} and their encoded arrays, oldest first. */
    void restore(List<Mark> marks, List<byte[]> encoded) {
        kept.forEach(snapshot -> snapshot.weights().close());
        kept.clear();
        for (int i = 0; i < marks.size(); i++) {
            add(new Kept(marks.get(i), NDList.decode(manager, encoded.get(i))));
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
