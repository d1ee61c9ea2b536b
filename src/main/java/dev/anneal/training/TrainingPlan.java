package dev.anneal.training;

import dev.anneal.schedule.RangeRamp;
import dev.anneal.schedule.RateSchedule;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Everything needed to train one run, typed: the job queue translates a run's spec into it, enum to enum.
 *
 * @param runId the run being trained: metrics and checkpoints are filed under it
 * @param data what to train on
 * @param network the model
 * @param optimization how weights are updated
 * @param schedule the learning-rate schedule: cosine annealing or a baseline
 * @param loop epochs, batching, seed, device, evaluation and checkpoint cadence
 * @param rangeTest the ramp of an LR range test, which then gives every rate instead of {@code schedule} (which it
 *     leaves {@code null}); {@code null} for a training run
 */
public record TrainingPlan(
        UUID runId,
        Data data,
        Network network,
        Optimization optimization,
        RateSchedule schedule,
        Loop loop,
        RangeRamp rangeTest) {

    /** The plan of a training run along {@code schedule}. */
    public TrainingPlan(
            UUID runId, Data data, Network network, Optimization optimization, RateSchedule schedule, Loop loop) {
        this(runId, data, network, optimization, schedule, loop, null);
    }

    /** This plan with another seed: a range test's next repeat. */
    TrainingPlan withSeed(long seed) {
        var l = loop;
        return new TrainingPlan(
                runId,
                data,
                network,
                optimization,
                schedule,
                new Loop(
                        l.epochs(),
                        l.batchSize(),
                        l.gradAccumSteps(),
                        seed,
                        l.device(),
                        l.gpus(),
                        l.evalEverySteps(),
                        l.checkpointEveryEpochs(),
                        l.gradClipNorm(),
                        l.swaFromEpoch(),
                        l.snapshotKeep(),
                        l.evalAtCycleEnds()),
                rangeTest);
    }

    /**
     * The data.
     *
     * @param name which built-in dataset; {@code null} for an uploaded one
     * @param valFraction the share of the training pool held out for validation (where the data gives no split)
     * @param limit the most examples to use from the training pool (and from the test set), or {@code null}
     * @param augment random changes to training images ({@link Augment#NONE} for none)
     * @param uploaded reads the uploaded dataset the run trains on, in the worker that trains it; {@code null} for a
     *     built-in one
     */
    public record Data(
            DataSource name, double valFraction, Integer limit, Augment augment, Supplier<Uploaded> uploaded) {

        /** A built-in dataset. */
        public Data(DataSource name, double valFraction, Integer limit, Augment augment) {
            this(name, valFraction, limit, augment, null);
        }
    }

    /**
     * A dataset a team uploaded, as read for one run.
     *
     * @param name its name
     * @param sha256 its file's SHA-256, the run's fingerprint of it
     * @param classes its classes; 0 for a regression
     * @param train the examples to train on (the pool a validation split is held out from, where it has none)
     * @param validation its own validation split, or {@code null}
     * @param test its own test split, or {@code null} (the run then reports no test figures)
     */
    public record Uploaded(String name, String sha256, int classes, Given train, Given validation, Given test) {}

    /**
     * Examples as given: features row-major in one array, one target each (a class index, or a value).
     *
     * @param features {@code count × featureSize} values
     * @param targets one an example
     * @param exampleShape one example's shape
     */
    public record Given(float[] features, float[] targets, long[] exampleShape) {}

    /**
     * Random changes to each training image, drawn from the run's seed, the epoch and the batch.
     *
     * @param horizontalFlip mirror an image left to right with probability one half
     * @param maxShift shift an image by up to this many pixels along each axis
     */
    public record Augment(boolean horizontalFlip, int maxShift) {

        /** Every image as stored. */
        public static final Augment NONE = new Augment(false, 0);

        boolean isNone() {
            return !horizontalFlip && maxShift == 0;
        }
    }

    /**
     * The model.
     *
     * @param name which built-in architecture; {@code null} for an uploaded module
     * @param hidden the hidden layer sizes of an {@code mlp}; ignored for a {@code cnn}
     * @param module the uploaded TorchScript module's file, on this machine; {@code null} for a built-in network
     */
    public record Network(Architecture name, List<Integer> hidden, Path module) {

        /** A built-in network. */
        public Network(Architecture name, List<Integer> hidden) {
            this(name, hidden, null);
        }
    }

    /**
     * The optimizer.
     *
     * @param name which optimizer
     * @param momentum SGD momentum
     * @param nesterov whether SGD uses Nesterov momentum
     * @param weightDecay L2 penalty (SGD) or decoupled weight decay (AdamW)
     * @param beta1 AdamW's first-moment decay
     * @param beta2 AdamW's second-moment decay
     * @param eps AdamW's denominator guard
     */
    public record Optimization(
            OptimizerKind name,
            double momentum,
            boolean nesterov,
            double weightDecay,
            double beta1,
            double beta2,
            double eps) {}

    /**
     * The loop.
     *
     * @param epochs passes over the training set
     * @param batchSize examples per forward pass
     * @param gradAccumSteps forward passes per optimizer step
     * @param seed seeds the split, the data order and the initial weights
     * @param device where to train
     * @param gpus how many GPUs to train on, data-parallel when more than one (ignored on the CPU)
     * @param evalEverySteps optimizer steps between evaluations, or {@code null} for once per epoch
     * @param checkpointEveryEpochs epochs between checkpoints
     * @param gradClipNorm the largest global gradient norm allowed, or {@code null}
     * @param swaFromEpoch the first epoch (counted from 1) whose end weights join the stochastic weight average
     *     the run finishes with, or {@code null} to finish with the last weights
     * @param snapshotKeep how many of the last snapshots (the weights at every cycle's end and the run's) are
     *     evaluated as an ensemble at the end, or {@code null} for none
     * @param evalAtCycleEnds whether the loop also evaluates where each cycle ends, before the restart's first step
     */
    public record Loop(
            int epochs,
            int batchSize,
            int gradAccumSteps,
            long seed,
            DeviceChoice device,
            int gpus,
            Integer evalEverySteps,
            int checkpointEveryEpochs,
            Double gradClipNorm,
            Integer swaFromEpoch,
            Integer snapshotKeep,
            boolean evalAtCycleEnds) {

        /** A loop that keeps no snapshots. */
        public Loop(
                int epochs,
                int batchSize,
                int gradAccumSteps,
                long seed,
                DeviceChoice device,
                int gpus,
                Integer evalEverySteps,
                int checkpointEveryEpochs,
                Double gradClipNorm,
                Integer swaFromEpoch) {
            this(
                    epochs,
                    batchSize,
                    gradAccumSteps,
                    seed,
                    device,
                    gpus,
                    evalEverySteps,
                    checkpointEveryEpochs,
                    gradClipNorm,
                    swaFromEpoch,
                    null,
                    false);
        }

        /** Whether the run keeps snapshots for an ensemble. */
        boolean keepsSnapshots() {
            return snapshotKeep != null;
        }

        /** Whether the run averages its weights over the last epochs. */
        boolean averagesWeights() {
            return swaFromEpoch != null;
        }
    }

    /** The datasets training can load. */
    public enum DataSource {
        FASHION_MNIST,
        SYNTHETIC_SPIRALS,
        SYNTHETIC_REGRESSION
    }

    /** The networks training can build. */
    public enum Architecture {
        MLP,
        CNN
    }

    /** The optimizers training can step with. */
    public enum OptimizerKind {
        SGD,
        ADAMW
    }

    /** Where a run asked to train: a GPU when the engine sees one, the CPU, or a GPU without fallback. */
    public enum DeviceChoice {
        AUTO,
        CPU,
        GPU
    }
}
