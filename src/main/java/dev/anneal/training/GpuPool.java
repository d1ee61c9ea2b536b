package dev.anneal.training;

import ai.djl.Device;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * The GPUs this process sees, leased to runs so that runs on concurrent worker slots never share one: by default a
 * GPU machine has one slot per GPU, and each run takes the GPUs it asked for ({@code training.gpus}, one unless it
 * trains data-parallel) or waits until they are free.
 */
final class GpuPool {

    /** How often a run waiting for GPUs checks whether it was cancelled meanwhile. */
    static final Duration RECHECK = Duration.ofMillis(500);

    private final int count;
    private final boolean[] busy;

    GpuPool(int count) {
        this.count = count;
        this.busy = new boolean[count];
    }

    /**
     * The devices for a run that asked for {@code device} and
     * {@code gpus} GPUs: the CPU, or that many GPUs, waiting while other runs hold them. Empty when
     * {@code stopped} turned true while waiting; throws a {@link TrainingException} naming the cause when the
     * request can never be met here.
     */
    Optional<Lease> lease(TrainingPlan.DeviceChoice device, int gpus, BooleanSupplier stopped) {
        boolean onCpu = switch (device) {
            case CPU -> true;
            case AUTO -> count == 0;
            case GPU -> false;
        };
        if (onCpu) {
            return Optional.of(new Lease(new Device[] {Device.cpu()}, new int[0]));
        }
        if (count == 0) {
            throw new TrainingException("device gpu was requested, but the PyTorch engine sees no GPU", null);
        }
        if (gpus > count) {
            throw new TrainingException(
                    "training.gpus asks for %d GPUs, but the PyTorch engine sees %d".formatted(gpus, count), null);
        }
        synchronized (this) {
            while (free() < gpus) {
                if (stopped.getAsBoolean()) {
                    return Optional.empty();
                }
                try {
                    wait(RECHECK.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }
            int[] taken =
                    IntStream.range(0, count).filter(i -> !busy[i]).limit(gpus).toArray();
            for (int i : taken) {
                busy[i] = true;
            }
            return Optional.of(
                    new Lease(Arrays.stream(taken).mapToObj(Device::gpu).toArray(Device[]::new), taken));
        }
    }

    private int free() {
        int free = 0;
        for (boolean b : busy) {
            free += b ? 0 : 1;
        }
        return free;
    }

    private synchronized void release(int[] gpus) {
        for (int i : gpus) {
            busy[i] = false;
        }
        notifyAll();
    }

    /** Devices held by one run until it closes the lease. */
    final class Lease implements AutoCloseable {

        private final Device[] devices;
        private final int[] gpus;
        private boolean released;

        private Lease(Device[] devices, int[] gpus) {
            this.devices = devices;
            this.gpus = gpus;
        }

        /** The devices to train on, the first of them the one the optimizer updates. */
        Device[] devices() {
            return devices.clone();
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                release(gpus);
            }
        }
    }
}
