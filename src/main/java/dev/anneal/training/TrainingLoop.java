package dev.anneal.training;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import dev.anneal.metrics.EventLog;
import dev.anneal.metrics.MetricKey;
import dev.anneal.metrics.MetricPoint;
import dev.anneal.metrics.MetricWriter;
import dev.anneal.metrics.ScheduleEvent;
import dev.anneal.schedule.AnnealingScheduler;
import dev.anneal.schedule.Cycle;
import dev.anneal.schedule.SchedulePosition;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * One attempt at training a plan: builds the model, walks the epochs in a seeded order, takes optimizer steps at
 * the schedule's rates, evaluates, and logs every step's metrics.
 */
final class TrainingLoop {

    /** Guards the seeding of PyTorch's process-wide generator and the draws that must follow it directly. */
    private static final Object ENGINE_RANDOM = new Object();

    private final TrainingPlan plan;
    private final PreparedData data;
    private final Device[] devices;
    private final MetricWriter.Batch metrics;
    private final EventLog events;
    private final Checkpoints checkpoints;
    private final TrainingObserver observer;
    private final Clock clock;

    private final int batchesPerEpoch;
    private final int stepsPerEpoch;
    private final Optional<Path> resumeFrom;
    private final CheckpointState resumed;
    private final AnnealingScheduler scheduler;
    private final ScheduleTracker tracker;
    private final StatefulOptimizer optimizer;
    private final ImageAugmentation augmentation;
    private final Best best = new Best();
    /** The model on each training device; set when training starts. */
    private Replicas replicas;
    /** The stochastic weight average; set when training starts, empty unless the run averages. */
    private WeightAverage average;

    private long step;
    private int startEpoch;
    private int startBatch;
    private double lastLr = Double.NaN;
    private SchedulePosition previous;
    private String plateauReason;

    TrainingLoop(
            TrainingPlan plan,
            PreparedData data,
            Device[] devices,
            MetricWriter.Batch metrics,
            EventLog events,
            Checkpoints checkpoints,
            TrainingObserver observer,
            Clock clock) {
        this.plan = plan;
        this.data = data;
        this.devices = devices;
        this.metrics = metrics;
        this.events = events;
        this.checkpoints = checkpoints;
        this.observer = observer;
        this.clock = clock;
        var loop = plan.loop();
        this.batchesPerEpoch = ceilDiv(data.train().count(), loop.batchSize());
        this.stepsPerEpoch = ceilDiv(batchesPerEpoch, loop.gradAccumSteps());
        this.resumeFrom = checkpoints.latest(plan.runId());
        this.resumed = resumeFrom.map(checkpoints::state).orElse(null);
        this.scheduler = resumed == null
                ? AnnealingScheduler.start(plan.schedule())
                : AnnealingScheduler.restore(plan.schedule(), resumed.schedule());
        this.tracker = new ScheduleTracker(scheduler, stepsPerEpoch);
        this.optimizer = optimizer();
        this.augmentation = new ImageAugmentation(plan.data().augment(), loop.seed());
    }

    long totalSteps() {
        return (long) stepsPerEpoch * plan.loop().epochs();
    }

    TrainingOutcome run() {
        long started = System.nanoTime();
        GradientTape.recordOnlyInTapes();
        try (var copies = initialModel();
                var weightAverage = new WeightAverage(copies.primary().getManager())) {
            replicas = copies;
            average = weightAverage;
            Trainer trainer = copies.primary();
            optimizer.nameParameters(trainer.getModel().getBlock().getParameters());
            if (resumed != null) {
                restore(trainer);
            }
            long parameters =
                    copies.trainable().stream().mapToLong(NDArray::size).sum();
            observer.started(totalSteps(), devices.length == 1 ? devices[0].toString() : Arrays.toString(devices));
            boolean completed = trainEpochs(trainer);
            var averaged = completed && average.count() > 0 ? finishWithAverage(trainer) : null;
            Double testAcc = completed && data.isClassification() ? testAccuracy(trainer) : null;
            metrics.flush();
            return new TrainingOutcome(completed, summary(parameters, testAcc, started, averaged));
        }
    }

    /**
     * The model on every device, initialised from the seed. PyTorch's generator is one per process, so runs on
     * other worker slots must not draw from it between the seeding and the last initial weight.
     */
    private Replicas initialModel() {
        synchronized (ENGINE_RANDOM) {
            Engine.getInstance().setRandomSeed(Math.floorMod(plan.loop().seed(), Integer.MAX_VALUE));
            return new Replicas(
                    "run-" + plan.runId(),
                    devices,
                    () -> Networks.build(plan.network(), outputs()),
                    loss(),
                    optimizer,
                    batchShapeOf(1));
        }
    }

    private boolean trainEpochs(Trainer trainer) {
        var loop = plan.loop();
        for (int epoch = startEpoch; epoch < loop.epochs(); epoch++) {
            // the order of an epoch depends on the seed and the epoch alone, so a resumed run sees the same one
            int[] order = Datasets.permutation(data.train().count(), new SplittableRandom(loop.seed() * 31 + epoch));
            int firstBatch = epoch == startEpoch ? startBatch : 0;
            for (int first = firstBatch; first < batchesPerEpoch; first += loop.gradAccumSteps()) {
                int batches = Math.min(loop.gradAccumSteps(), batchesPerEpoch - first);
                takeStep(trainer, order, epoch, first, batches);
                boolean evaluateNow = loop.evalEverySteps() != null && step % loop.evalEverySteps() == 0;
                if (evaluateNow) {
                    evaluate(trainer);
                }
                if (!observer.stepped(step, epochAt(step))) {
                    metrics.flush();
                    checkpoint(trainer, epoch, first + batches); // a cancelled run keeps where it got to
                    return false;
                }
            }
            if (loop.evalEverySteps() == null) {
                evaluate(trainer);
            }
            if (loop.averagesWeights() && epoch + 1 >= loop.swaFromEpoch()) {
                average.add(replicas.trainable()); // before the checkpoint, which keeps the average too
            }
            if ((epoch + 1) % loop.checkpointEveryEpochs() == 0) {
                checkpoint(trainer, epoch + 1, 0);
            }
        }
        return true;
    }

    /** Saves the weights, the optimizer and the loop's state; training continues at {@code epoch}, {@code batch}. */
    private void checkpoint(Trainer trainer, int epoch, int batch) {
        metrics.flush(); // a checkpoint never claims steps whose metrics are not stored
        var snapshot = optimizer.snapshot();
        var state = new CheckpointState(
                step,
                epoch,
                batch,
                scheduler.state(),
                snapshot.updates(),
                new CheckpointState.BestSoFar(best.valLoss, best.valLossStep, best.valAcc, best.valAccStep),
                previous == null ? null : previous.phase().name(),
                previous == null ? null : previous.cycle().index(),
                plateauReason,
                Double.isNaN(lastLr) ? null : lastLr,
                average.count() == 0 ? null : average.count());
        checkpoints.save(plan.runId(), epochAt(step), state, directory -> {
            try (var out = new DataOutputStream(
                    new BufferedOutputStream(Files.newOutputStream(directory.resolve(Checkpoints.WEIGHTS))))) {
                trainer.getModel().getBlock().saveParameters(out);
            }
            Files.write(directory.resolve(Checkpoints.OPTIMIZER), snapshot.buffers());
            if (average.count() > 0) {
                Files.write(directory.resolve(Checkpoints.AVERAGE), average.encode());
            }
        });
        event(ScheduleEvent.Kind.CHECKPOINT, null, null);
    }

    /** Continues from the latest checkpoint: weights, optimizer, schedule, data position, best figures. */
    private void restore(Trainer trainer) {
        var directory = resumeFrom.orElseThrow();
        try {
            loadWeights(trainer, directory.resolve(Checkpoints.WEIGHTS));
            replicas.broadcast();
            byte[] buffers = Files.readAllBytes(directory.resolve(Checkpoints.OPTIMIZER));
            optimizer.restore(
                    new StatefulOptimizer.Snapshot(resumed.optimizerUpdates(), buffers), trainer.getManager());
            if (resumed.averaged() != null) {
                average.restore(Files.readAllBytes(directory.resolve(Checkpoints.AVERAGE)), resumed.averaged());
            }
        } catch (IOException | MalformedModelException e) {
            throw new TrainingException(
                    "the checkpoint in %s cannot be read: %s".formatted(directory, e.getMessage()), e);
        }
        step = resumed.step();
        startEpoch = resumed.epoch();
        startBatch = resumed.batch();
        var saved = resumed.best();
        best.valLoss = saved.valLoss();
        best.valLossStep = saved.valLossStep();
        best.valAcc = saved.valAcc();
        best.valAccStep = saved.valAccStep();
        plateauReason = resumed.plateauReason();
        lastLr = resumed.lastLr() == null ? Double.NaN : resumed.lastLr();
        if (resumed.lastPhase() != null) {
            var phase = SchedulePosition.Phase.valueOf(resumed.lastPhase());
            var cycle = new Cycle(resumed.lastCycle(), 0, 1, 0);
            previous = new SchedulePosition(0, phase, cycle, 0, 0);
        }
        // dropout draws from the engine's generator: seed it from the step so a resumed run is reproducible too
        // (while it trains alone in its process: the generator is the whole process's)
        Engine.getInstance().setRandomSeed(Math.floorMod(plan.loop().seed() * 31 + step, Integer.MAX_VALUE));
    }

    /**
     * Writes the weights saved in {@code file} into the model's parameter arrays, in place. Loading them into the
     * model's block instead would swap in new arrays, while the trainer's parameter store goes on serving (and the
     * optimizer updating) the arrays it cached when the model was built: the run would carry on from its initial
     * weights. So they are loaded into a fresh copy of the network and copied across.
     */
    private void loadWeights(Trainer trainer, Path file) throws IOException, MalformedModelException {
        Block saved = Networks.build(plan.network(), outputs());
        try (var in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)));
                NDManager scratch = trainer.getManager().newSubManager()) {
            saved.initialize(scratch, DataType.FLOAT32, batchShapeOf(1));
            saved.loadParameters(scratch, in);
            var from = saved.getParameters().values();
            var into = trainer.getModel().getBlock().getParameters().values();
            for (int i = 0; i < into.size(); i++) {
                NDArray source = from.get(i).getArray();
                NDArray target = into.get(i).getArray();
                // a copy would broadcast some mismatches silently and fail on others with an engine message
                if (!source.getShape().equals(target.getShape())) {
                    throw new MalformedModelException("parameter %s has shape %s in the checkpoint but %s in the model"
                            .formatted(into.get(i).getName(), source.getShape(), target.getShape()));
                }
                InPlace.copy(source, target);
            }
        }
    }

    /** One optimizer step over {@code batches} consecutive batches of the epoch's order, starting at {@code first}. */
    private void takeStep(Trainer trainer, int[] order, int epoch, int first, int batches) {
        double lossSum = 0;
        int examples = 0;
        // the scope frees every array the step creates, gradient views and intermediates included
        try (NDScope arrays = new NDScope()) {
            try (GradientCollector collector = new GradientTape()) {
                for (int b = first; b < first + batches; b++) {
                    int from = b * plan.loop().batchSize();
                    int to = Math.min(order.length, from + plan.loop().batchSize());
                    var batch = augmentation.apply(data.train().select(Arrays.copyOfRange(order, from, to)), epoch, b);
                    // the mean over every example of the step: weight each batch by its share before adding up
                    double share = (double) batch.count() / stepExamples(first, batches);
                    lossSum += replicas.backward(collector, batch, share, this::batchShapeOf, this::labels);
                    examples += batch.count();
                }
            }
            var gradients = replicas.reducedGradients();
            double gradNorm = clipGradients(gradients);
            SchedulePosition position = scheduler.positionAt(tracker.position(step));
            recordTransition(position);
            var now = clock.instant();
            record(MetricKey.LR, position.lr(), now);
            record(MetricKey.CYCLE, position.cycle().index(), now);
            record(MetricKey.CYCLE_POS, position.cycleFraction(), now);
            record(MetricKey.GRAD_NORM, gradNorm, now);
            record(MetricKey.TRAIN_LOSS, lossSum / examples, now);
            lastLr = position.lr();
            trainer.step(); // the optimizer asks the tracker for the same position's rate
            replicas.broadcast();
            replicas.zeroGradients(gradients);
        }
        step++;
    }

    /** Records the end of warmup and every restart, a plateau's with its reason, at the step they take effect. */
    private void recordTransition(SchedulePosition position) {
        if (previous != null) {
            boolean warmupEnded = previous.phase() == SchedulePosition.Phase.WARMUP
                    && position.phase() == SchedulePosition.Phase.CYCLE;
            boolean restarted = position.phase() == SchedulePosition.Phase.CYCLE
                    && previous.phase() == SchedulePosition.Phase.CYCLE
                    && position.cycle().index() != previous.cycle().index();
            if (warmupEnded) {
                event(ScheduleEvent.Kind.WARMUP_END, position.cycle().index(), null);
            }
            if (restarted && plateauReason != null) {
                event(ScheduleEvent.Kind.PLATEAU_RESTART, position.cycle().index(), plateauReason);
                plateauReason = null;
            } else if (restarted) {
                event(ScheduleEvent.Kind.RESTART, position.cycle().index(), "scheduled");
            }
        }
        previous = position;
    }

    private void event(ScheduleEvent.Kind kind, Long cycle, String reason) {
        events.record(new ScheduleEvent(
                plan.runId(), kind, Math.toIntExact(step), epochAt(step), cycle, reason, clock.instant()));
    }

    private int stepExamples(int first, int batches) {
        int from = first * plan.loop().batchSize();
        int to = Math.min(data.train().count(), (first + batches) * plan.loop().batchSize());
        return to - from;
    }

    /** The global gradient norm before clipping; scales every gradient down to the clip norm when above it. */
    private double clipGradients(List<NDArray> gradients) {
        var norms = new NDList(gradients.size());
        for (NDArray gradient : gradients) {
            norms.add(gradient.norm());
        }
        double norm = NDArrays.stack(norms).norm().getFloat();
        Double clip = plan.loop().gradClipNorm();
        if (clip != null && norm > clip) {
            float scale = (float) (clip / norm);
            for (NDArray gradient : gradients) {
                gradient.muli(scale);
            }
        }
        return norm;
    }

    private void evaluate(Trainer trainer) {
        var result = evaluate(trainer, data.validation());
        record(MetricKey.VAL_LOSS, result.loss());
        best.valLoss(result.loss(), step);
        if (data.isClassification()) {
            record(MetricKey.VAL_ACC, result.accuracy());
            best.valAcc(result.accuracy(), step);
        }
        var watched = plan.schedule().plateauRestart();
        if (watched != null) {
            scheduler
                    .observe(
                            switch (watched.metric()) {
                                case VAL_LOSS -> result.loss();
                                case VAL_ACC -> result.accuracy();
                            })
                    .ifPresent(restart -> plateauReason = restart.reason());
        }
        metrics.flush(); // an evaluation is a point a user may look at: everything up to it is stored
    }

    private Evaluation evaluate(Trainer trainer, Examples set) {
        double lossSum = 0;
        long correct = 0;
        int batchSize = Math.max(plan.loop().batchSize(), 256);
        for (int from = 0; from < set.count(); from += batchSize) {
            int to = Math.min(set.count(), from + batchSize);
            try (NDScope arrays = new NDScope();
                    NDManager scope = trainer.getManager().newSubManager()) {
                int[] indices = IntStream.range(from, to).toArray();
                var batch = set.select(indices);
                NDList input = new NDList(scope.create(batch.features(), new Shape(batchShape(batch.count()))));
                NDArray label = labels(scope, batch);
                NDList prediction = trainer.evaluate(input);
                lossSum += trainer.getLoss()
                                .evaluate(new NDList(label), prediction)
                                .getFloat()
                        * batch.count();
                if (data.isClassification()) {
                    correct += prediction
                            .singletonOrThrow()
                            .argMax(1)
                            .toType(DataType.FLOAT32, false)
                            .eq(label)
                            .countNonzero()
                            .getLong();
                }
            }
        }
        return new Evaluation(
                lossSum / set.count(), data.isClassification() ? (double) correct / set.count() : Double.NaN);
    }

    /**
     * Puts the weight average in place of the last weights, measures batch-norm statistics for it and evaluates it
     * on the validation set; the test accuracy that follows is the average's.
     */
    private TrainingSummary.Averaged finishWithAverage(Trainer trainer) {
        average.copyInto(replicas.trainable());
        // batch norm's running statistics are those of the weights that trained last, not of their average
        BatchNormStatistics.measure(trainer, data.train(), this::batchShapeOf);
        replicas.broadcast();
        var result = evaluate(trainer, data.validation());
        return new TrainingSummary.Averaged(
                plan.loop().swaFromEpoch(),
                average.count(),
                result.loss(),
                data.isClassification() ? result.accuracy() : null);
    }

    private Double testAccuracy(Trainer trainer) {
        double accuracy = evaluate(trainer, data.test()).accuracy();
        record(MetricKey.TEST_ACC, accuracy);
        return accuracy;
    }

    private NDArray labels(NDManager scope, Examples batch) {
        NDArray labels = scope.create(batch.targets());
        return data.isClassification() ? labels : labels.reshape(batch.count(), 1);
    }

    private void record(MetricKey key, double value) {
        record(key, value, clock.instant());
    }

    private void record(MetricKey key, double value, Instant wallTime) {
        metrics.add(new MetricPoint(plan.runId(), key, Math.toIntExact(step), epochAt(step), value, wallTime));
    }

    private double epochAt(long steps) {
        return (double) steps / stepsPerEpoch;
    }

    private long[] batchShape(int count) {
        long[] example = data.train().exampleShape();
        long[] shape = new long[example.length + 1];
        shape[0] = count;
        System.arraycopy(example, 0, shape, 1, example.length);
        return shape;
    }

    /** The model's outputs: one per class, or the regression target. */
    private int outputs() {
        return data.isClassification() ? data.classes() : 1;
    }

    private Loss loss() {
        return data.isClassification() ? Loss.softmaxCrossEntropyLoss() : Loss.l2Loss();
    }

    private Shape batchShapeOf(int count) {
        return new Shape(batchShape(count));
    }

    private StatefulOptimizer optimizer() {
        var o = plan.optimization();
        return switch (o.name()) {
            case SGD -> new SgdOptimizer(tracker, (float) o.momentum(), o.nesterov(), (float) o.weightDecay());
            case ADAMW ->
                new AdamWOptimizer(
                        tracker, (float) o.beta1(), (float) o.beta2(), (float) o.eps(), (float) o.weightDecay());
        };
    }

    private TrainingSummary summary(
            long parameters, Double testAcc, long startedNanos, TrainingSummary.Averaged averaged) {
        var state = scheduler.state();
        long restarts = step == 0 ? 0 : scheduler.positionAt(state.t()).cycle().index();
        return new TrainingSummary(
                best.valLoss,
                best.valLossStep,
                best.valAcc,
                best.valAccStep,
                testAcc,
                Double.isNaN(lastLr) ? null : lastLr,
                restarts,
                state.plateauRestarts(),
                parameters,
                data.fingerprint(),
                step,
                (System.nanoTime() - startedNanos) / 1e9,
                averaged);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** The best validation figures so far and the steps they were reached at. */
    private static final class Best {
        Double valLoss;
        Long valLossStep;
        Double valAcc;
        Long valAccStep;

        void valLoss(double value, long step) {
            if (valLoss == null || value < valLoss) {
                valLoss = value;
                valLossStep = step;
            }
        }

        void valAcc(double value, long step) {
            if (valAcc == null || value > valAcc) {
                valAcc = value;
                valAccStep = step;
            }
        }
    }
}
