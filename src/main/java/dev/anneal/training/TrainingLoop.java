package dev.anneal.training;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.Trainer;
import dev.anneal.metrics.EventLog;
import dev.anneal.metrics.MetricWriter;
import dev.anneal.training.TrainingListener.CycleEnd;
import dev.anneal.training.TrainingListener.EpochEnd;
import dev.anneal.training.TrainingListener.RunEnd;
import dev.anneal.training.TrainingListener.StepEnd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * One attempt at training a plan: builds the model, walks the epochs in a seeded order, takes each optimizer step at
 * its rate source's rate, evaluates, and tells its parts ({@link TrainingListener}) at each named point: cycle end,
 * step end, evaluation, epoch end, run end. What a run does beyond that lives in the parts, not here.
 */
final class TrainingLoop {

    /** Guards the seeding of PyTorch's process-wide generator and the draws that must follow it directly. */
    private static final Object ENGINE_RANDOM = new Object();

    private final TrainingPlan plan;
    private final PreparedData data;
    private final Device[] devices;
    private final Checkpoints checkpoints;
    private final TrainingObserver observer;
    private final LoopParts parts;
    private final Task task;
    private final InputShape shape;
    private final int batchesPerEpoch;
    private final int stepsPerEpoch;
    private final Optional<Checkpoints.Saved> resumeFrom;
    private final RateSource rates;
    private final StatefulOptimizer optimizer;
    private final Evaluator evaluator;
    private final MetricLog metrics;
    private final ScheduleEvents events;
    private final BestFigures best;
    private final List<StopRule> stopRules;
    private final Clock clock;

    private List<TrainingListener> listeners;
    private Replicas replicas;
    private WeightAverage average;
    private SnapshotStore snapshots;
    private long step;
    /** The step of the last evaluation, so a cycle that ends where the cadence just evaluated is not evaluated twice. */
    private long evaluatedAt;

    TrainingLoop(
            TrainingPlan plan,
            PreparedData data,
            Device[] devices,
            MetricWriter.Batch metrics,
            EventLog events,
            Checkpoints checkpoints,
            TrainingObserver observer,
            Clock clock,
            LoopParts parts) {
        this.plan = plan;
        this.data = data;
        this.devices = devices;
        this.checkpoints = checkpoints;
        this.observer = observer;
        this.clock = clock;
        this.parts = parts;
        this.task = Task.of(data);
        this.shape = InputShape.of(data);
        this.batchesPerEpoch = ceilDiv(data.train().count(), plan.loop().batchSize());
        this.stepsPerEpoch = ceilDiv(batchesPerEpoch, plan.loop().gradAccumSteps());
        this.resumeFrom = parts.course().keepsCheckpoints() ? checkpoints.latest(plan.runId()) : Optional.empty();
        var resumed = resumeFrom.map(Checkpoints.Saved::state);
        this.step = resumed.map(LoopState::step).orElse(0L);
        this.evaluatedAt = resumed.filter(this::evaluatedBeforeCheckpoint)
                .map(LoopState::step)
                .orElse(-1L);
        this.rates = parts.rates().create(resumed.map(LoopState::schedule).orElse(null), stepsPerEpoch);
        this.optimizer = Optimizers.create(plan.optimization(), new ScheduleTracker(rates));
        this.evaluator = new Evaluator(task, shape, plan.loop().batchSize());
        this.metrics =
                new MetricLog(plan.runId(), metrics, clock, parts.course().loggedFrom());
        this.events = new ScheduleEvents(plan.runId(), events, clock);
        this.best = new BestFigures(resumed.map(LoopState::best).orElse(null));
        // the cancellation first: it also tells the observer of every step's progress, so it is always asked
        var rules = new ArrayList<StopRule>(List.of(new Cancellation(observer, stepsPerEpoch)));
        rules.addAll(parts.stopRules());
        if (parts.course().maxSteps() != null) {
            long limit = parts.course().maxSteps();
            rules.add((taken, steps) -> steps >= limit ? Optional.of("took its last step") : Optional.empty());
        }
        this.stopRules = List.copyOf(rules);
    }

    long totalSteps() {
        return parts.course().maxSteps() != null
                ? parts.course().maxSteps()
                : (long) stepsPerEpoch * plan.loop().epochs();
    }

    /** The epochs the run walks: the plan's, or as many as its most steps take. */
    private int epochs() {
        return parts.course().maxSteps() != null
                ? Math.toIntExact((parts.course().maxSteps() + stepsPerEpoch - 1) / stepsPerEpoch)
                : plan.loop().epochs();
    }

    TrainingOutcome run() {
        long started = System.nanoTime();
        GradientTape.recordOnlyInTapes();
        try (var copies = initialModel();
                var weightAverage = new WeightAverage(copies.primary().getManager());
                var kept = new SnapshotStore(
                        copies.primary().getManager(),
                        plan.loop().keepsSnapshots() ? plan.loop().snapshotKeep() : 0)) {
            replicas = copies;
            average = weightAverage;
            snapshots = kept;
            Trainer trainer = copies.primary();
            resumeFrom.ifPresent(saved -> restore(saved, trainer));
            var averaging = new WeightAveraging(plan.loop().swaFromEpoch(), average, replicas);
            listeners = new ArrayList<>(List.of(metrics, events, best));
            listeners.addAll(parts.listeners());
            var ensemble = plan.loop().keepsSnapshots() ? new SnapshotEnsemble(kept, copies) : null;
            if (ensemble != null) {
                listeners.add(ensemble); // before the checkpoint, which keeps the snapshots too
            }
            listeners.add(averaging); // before the checkpoint, which keeps the average too
            if (parts.course().keepsCheckpoints()) {
                listeners.add(new CheckpointCadence(plan.loop().checkpointEveryEpochs(), this::checkpoint));
            }
            long parameters = copies.learning().weights().size();
            observer.started(totalSteps(), devices.length == 1 ? devices[0].toString() : Arrays.toString(devices));

            boolean completed = trainEpochs(trainer, new GradientStep(copies, data, plan, shape, task, optimizer));
            // the ensemble's last member is the last weights, before an average takes their place
            var snapshotted =
                    completed && ensemble != null ? ensemble.finish(trainer, data, task, evaluator, lastMark()) : null;
            var averaged = completed ? averaging.finish(trainer, data, shape, evaluator) : null;
            // an uploaded dataset without a test split has no test figures
            Double testAcc = completed && task.hasAccuracy() && data.test().count() > 0
                    ? evaluator.evaluate(trainer, data.test()).accuracy()
                    : null;
            tell(listener -> listener.onRunEnd(new RunEnd(completed, step, epochAt(step), testAcc)));
            return new TrainingOutcome(
                    completed,
                    summary(parameters, testAcc, started, averaged, snapshotted),
                    null,
                    null,
                    completed ? exported(trainer) : null,
                    completed && ensemble != null ? exportedSnapshots(trainer) : null);
        }
    }

    /**
     * The model on every device, initialised from the seed. PyTorch's generator is one per process, so runs on
     * other worker slots must not draw from it between the seeding and the last initial weight.
     */
    private Replicas initialModel() {
        synchronized (ENGINE_RANDOM) {
            Engine.getInstance().setRandomSeed(Math.floorMod(plan.loop().seed(), Integer.MAX_VALUE));
            return new Replicas("run-" + plan.runId(), devices, this::network, task.loss(), shape.of(1));
        }
    }

    private boolean trainEpochs(Trainer trainer, GradientStep gradients) {
        var loop = plan.loop();
        boolean evaluates = parts.course().evaluates();
        var start = resumeFrom.map(Checkpoints.Saved::state);
        int startEpoch = start.map(LoopState::epoch).orElse(0);
        for (int epoch = startEpoch; epoch < epochs(); epoch++) {
            // the order of an epoch depends on the seed and the epoch alone, so a resumed run sees the same one
            int[] order = Datasets.permutation(data.train().count(), new SplittableRandom(loop.seed() * 31 + epoch));
            int firstBatch = epoch == startEpoch ? start.map(LoopState::batch).orElse(0) : 0;
            for (int first = firstBatch; first < batchesPerEpoch; first += loop.gradAccumSteps()) {
                int batches = Math.min(loop.gradAccumSteps(), batchesPerEpoch - first);
                var taken = takeStep(trainer, gradients, order, epoch, first, batches);
                if (evaluates && loop.evalEverySteps() != null && step % loop.evalEverySteps() == 0) {
                    evaluate(trainer);
                }
                if (stopReason(taken).isPresent()) {
                    if (parts.course().keepsCheckpoints()) {
                        checkpoint(epoch, first + batches); // a stopped run keeps where it got to
                    } else {
                        metrics.flush();
                    }
                    return false;
                }
            }
            if (evaluates && loop.evalEverySteps() == null) {
                evaluate(trainer);
            }
            var end = new EpochEnd(epoch + 1, step);
            tell(listener -> listener.onEpochEnd(end));
        }
        return true;
    }

    /**
     * One optimizer step at the rate source's rate; a cycle that ends before it is told first, and evaluated first
     * when the plan asks for it (the weights at the cycle's floor, before the restart moves them).
     */
    private StepEnd takeStep(Trainer trainer, GradientStep gradients, int[] order, int epoch, int first, int batches) {
        var rate = rates.next(step);
        var endOfCycle =
                rate.transition().filter(transition -> transition.kind().endsACycle());
        if (endOfCycle.isPresent()) {
            var ended = new CycleEnd(step, epochAt(step), endOfCycle.get().fromCycle());
            tell(listener -> listener.onCycleEnd(ended));
            if (plan.loop().evalAtCycleEnds() && parts.course().evaluates() && evaluatedAt != step) {
                evaluate(trainer);
            }
        }
        var result = gradients.take(order, epoch, first, batches);
        var end = new StepEnd(step, epochAt(step), rate, result.trainLoss(), result.gradNorm(), clock.instant());
        tell(listener -> listener.onStepEnd(end));
        step++;
        return end;
    }

    private Optional<String> stopReason(StepEnd taken) {
        return stopRules.stream()
                .map(rule -> rule.stopAfter(taken, step))
                .flatMap(Optional::stream)
                .findFirst();
    }

    private void evaluate(Trainer trainer) {
        evaluatedAt = step;
        var result = evaluator.evaluate(trainer, data.validation());
        tell(listener -> listener.onEvaluation(step, epochAt(step), result));
        rates.evaluated(result);
    }

    /**
     * Whether the cadence evaluated at the step a checkpoint was taken: at an epoch's end for once-an-epoch
     * evaluation, at a multiple of the interval otherwise.
     */
    private boolean evaluatedBeforeCheckpoint(LoopState state) {
        var every = plan.loop().evalEverySteps();
        return every == null ? state.batch() == 0 : state.step() % every == 0;
    }

    /** Saves the weights, the optimizer and the loop's state; training continues at {@code epoch}, {@code batch}. */
    private void checkpoint(int epoch, int batch) {
        metrics.flush(); // a checkpoint never claims steps whose metrics are not stored
        var snapshot = optimizer.snapshot(replicas.learning().stretches());
        Integer averaged = average.count() == 0 ? null : average.count();
        var state = new LoopState(
                step, epoch, batch, rates.state(), snapshot.updates(), best.best(), averaged, snapshots.marks());
        var model = replicas.primary().getModel().getBlock();
        checkpoints.save(
                plan.runId(),
                epochAt(step),
                state,
                new Checkpoints.Tensors(model, snapshot.buffers(), averaged == null ? null : average, snapshots));
    }

    /** Continues from a checkpoint: the weights on every device, the optimizer, the weight average. */
    private void restore(Checkpoints.Saved saved, Trainer trainer) {
        checkpoints.restore(
                saved, trainer, this::network, shape.of(1), optimizer, replicas.learning(), average, snapshots);
        replicas.broadcast();
        events.continuedFrom(step, epochAt(step));
        // dropout draws from the engine's generator: seed it from the step so a resumed run is reproducible too
        // (while it trains alone in its process: the generator is the whole process's)
        Engine.getInstance().setRandomSeed(Math.floorMod(plan.loop().seed() * 31 + step, Integer.MAX_VALUE));
    }

    private void tell(Consumer<TrainingListener> call) {
        listeners.forEach(call);
    }

    /**
     * An uploaded module's snapshots, oldest first, each exported as {@link #exported} does (each copied into the
     * module in turn: the run is over, nothing reads its weights after); empty for a built-in network.
     */
    private List<Path> exportedSnapshots(Trainer trainer) {
        if (!(trainer.getModel().getBlock() instanceof ModuleBlock)) {
            return List.of();
        }
        var files = new ArrayList<Path>();
        for (int i = 0; i < snapshots.marks().size(); i++) {
            snapshots.copyInto(i, replicas.weights(0));
            files.add(exported(trainer));
        }
        return files;
    }

    /**
     * An uploaded module's final weights (those just evaluated) as a plain TorchScript file, in evaluation mode, for
     * the run to hand back; {@code null} for a built-in network, which is no TorchScript module.
     */
    private static Path exported(Trainer trainer) {
        if (!(trainer.getModel().getBlock() instanceof ModuleBlock module)) {
            return null;
        }
        try {
            Path file = Files.createTempFile("anneal-trained-", ".pt");
            try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(file))) {
                module.export(out);
            }
            return file;
        } catch (IOException e) {
            throw new TrainingException("the trained model could not be written: " + e.getMessage(), e);
        }
    }

    /**
     * A fresh copy of the run's network: a built-in one, or its uploaded module, which a resumed run loads from its
     * checkpoint (buffers and all: the module's running statistics live nowhere else).
     */
    private Block network(NDManager manager) {
        Path module = plan.network().module();
        if (module == null) {
            return Networks.build(plan.network(), task.outputs());
        }
        try {
            return resumeFrom.isPresent()
                    ? ModuleBlock.loadSaved(
                            manager, resumeFrom.get().directory().resolve(Checkpoints.WEIGHTS))
                    : ModuleBlock.load(manager, module);
        } catch (IOException | MalformedModelException e) {
            throw new TrainingException("the model in the checkpoint cannot be read: " + e.getMessage(), e);
        }
    }

    /** Where the run's last snapshot is taken: its end, in its last cycle. */
    private SnapshotStore.Mark lastMark() {
        long cycle = rates.last()
                .flatMap(RateSource.RatePoint::place)
                .map(RateSource.CyclePlace::cycle)
                .orElse(0L);
        return new SnapshotStore.Mark(step, epochAt(step), cycle);
    }

    private TrainingSummary summary(
            long parameters,
            Double testAcc,
            long startedNanos,
            TrainingSummary.Averaged averaged,
            TrainingSummary.Snapshots snapshotted) {
        var last = rates.last();
        var figures = best.best();
        return new TrainingSummary(
                figures.valLoss(),
                figures.valLossStep(),
                figures.valAcc(),
                figures.valAccStep(),
                testAcc,
                last.map(RateSource.RatePoint::lr).orElse(null),
                last.flatMap(RateSource.RatePoint::place)
                        .map(RateSource.CyclePlace::cycle)
                        .orElse(0L),
                rates.state().plateauRestarts(),
                parameters,
                data.fingerprint(),
                step,
                (System.nanoTime() - startedNanos) / 1e9,
                averaged,
                snapshotted);
    }

    private double epochAt(long steps) {
        return (double) steps / stepsPerEpoch;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
