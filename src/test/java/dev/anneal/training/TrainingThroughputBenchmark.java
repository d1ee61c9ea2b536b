package dev.anneal.training;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.anneal.AnnealApplication;
import dev.anneal.schedule.ScheduleConfig;
import dev.anneal.schedule.ScheduleUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.springframework.boot.SpringApplication;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Steps per second of a run trained through Anneal (schedule, our optimizer, gradient norm, metrics to PostgreSQL,
 * evaluations, checkpoints) against a bare DJL loop on the same model, data and batch size with DJL's own SGD at a
 * fixed rate. Prints both and their ratio; the goal is at least 0.98.
 *
 * <p>The two loops take turns, one step each: after every step of the Anneal run, its observer takes one step of the
 * bare loop. On a shared machine whose speed drifts by a fifth within seconds, timing the two loops one after the
 * other measured the drift more than the loops; taking turns step by step exposes both to the same machine.
 *
 * <p>A round's ratio is that of the two loops' total times. A stall of the machine (up to a tenth of a second, now
 * and then, on a shared host) lands on whichever loop is stepping: in the MLP's half-second rounds of 4 epochs one
 * stall moved a round's ratio by a tenth or more, so an MLP round is 16 epochs (about 2 700 steps). Each round also
 * prints the ratio of the two loops' median step times, which a stall does not move.
 *
 * <p>Run with {@code ./mvnw -Pbench test-compile exec:exec@training-throughput}.
 */
public final class TrainingThroughputBenchmark {

    private static final int BATCH = 128;
    private static final int ROUNDS = 9;
    private static final List<Integer> HIDDEN = List.of(256, 256);

    /**
     * What to train: the small MLP on spirals, where per-step overhead shows most, the CNN on Fashion-MNIST, or an
     * uploaded TorchScript module (a scripted CNN with batch norm and dropout, made by
     * src/test/python/make_model_fixtures.py) on the same images.
     */
    private record Setup(TrainingPlan.Architecture model, TrainingPlan.Data data, int epochs, Path module) {

        TrainingPlan.Network network() {
            return new TrainingPlan.Network(model, HIDDEN, module);
        }

        String label() {
            return module == null ? model.toString() : "TorchScript " + module.getFileName();
        }
    }

    private static final TrainingPlan.Data IMAGES =
            new TrainingPlan.Data(TrainingPlan.DataSource.FASHION_MNIST, 0.1, 12_000, TrainingPlan.Augment.NONE);
    private static final Setup MLP = new Setup(
            TrainingPlan.Architecture.MLP,
            new TrainingPlan.Data(TrainingPlan.DataSource.SYNTHETIC_SPIRALS, 0.1, null, TrainingPlan.Augment.NONE),
            16,
            null);
    private static final Setup CNN = new Setup(TrainingPlan.Architecture.CNN, IMAGES, 1, null);
    private static final Setup SMALL_MODULE =
            new Setup(TrainingPlan.Architecture.CNN, IMAGES, 1, Path.of("src/test/resources/models/cnn.pt"));

    /** The built-in CNN as a scripted module, written by Debian's PyTorch into {@code home}. */
    private static Setup cnnModule(Path home) throws Exception {
        Path module = home.resolve("fashion_cnn.pt");
        var python = new ProcessBuilder("/usr/bin/python3", "src/test/python/make_fashion_cnn.py", module.toString())
                .inheritIO()
                .start();
        if (python.waitFor() != 0) {
            throw new IllegalStateException("make_fashion_cnn.py failed: is Debian's python3-torch installed?");
        }
        return new Setup(TrainingPlan.Architecture.CNN, IMAGES, 1, module);
    }

    private TrainingThroughputBenchmark() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.offline", "true");
        var home = Files.createTempDirectory("anneal-bench");
        try (var app = SpringApplication.run(
                AnnealApplication.class,
                "--spring.main.web-application-type=none",
                "--db-scheduler.enabled=false",
                "--logging.level.root=WARN",
                "--anneal.database.data-dir=" + home.resolve("postgres"),
                "--anneal.checkpoints.dir=" + home.resolve("checkpoints"),
                "--anneal.artifacts.dir=" + home.resolve("artifacts"))) {
            var training = app.getBean(Training.class);
            var jdbc = app.getBean(JdbcTemplate.class);
            var setup = switch (args.length > 0 ? args[0] : "mlp") {
                case "cnn" -> CNN;
                case "cnn-module" -> cnnModule(home);
                case "small-module" -> SMALL_MODULE;
                default -> MLP;
            };
            var data = new Datasets(null, home).prepare(setup.data(), 42);

            var ratios = new ArrayList<Double>();
            var medianRatios = new ArrayList<Double>();
            for (int round = 0; round <= ROUNDS; round++) { // round 0 warms up the JIT and PyTorch
                Timing timing;
                try (var bare = new BareLoop(setup, data)) {
                    timing = trainTakingTurns(setup, training, jdbc, bare);
                }
                System.out.printf(
                        "%s, round %d: %d steps each; bare DJL loop %.1f steps/s, through Anneal %.1f steps/s,"
                                + " ratio %.3f; median step %.0f µs bare, %.0f µs through Anneal, ratio %.3f%n",
                        setup.label(),
                        round,
                        timing.steps(),
                        timing.bare().perSecond(),
                        timing.anneal().perSecond(),
                        timing.ratio(),
                        timing.bare().median() / 1e3,
                        timing.anneal().median() / 1e3,
                        timing.medianRatio());
                if (round > 0) {
                    ratios.add(timing.ratio());
                    medianRatios.add(timing.medianRatio());
                }
            }
            System.out.printf(
                    "%s: median ratio %s over %d rounds; of median steps %s%n",
                    setup.label(), spread(ratios), ratios.size(), spread(medianRatios));
        }
    }

    /** The median of {@code values}, with their least and greatest. */
    private static String spread(List<Double> values) {
        var sorted = values.stream().sorted().toList();
        return "%.3f (min %.3f, max %.3f)"
                .formatted(sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1));
    }

    /** The nanoseconds of each step one loop took. */
    private static final class Steps {
        private long[] nanos = new long[1024];
        private int count;
        private long total;

        void add(long took) {
            if (count == nanos.length) {
                nanos = Arrays.copyOf(nanos, count * 2);
            }
            nanos[count++] = took;
            total += took;
        }

        double perSecond() {
            return count / (total / 1e9);
        }

        double median() {
            long[] sorted = Arrays.copyOf(nanos, count);
            Arrays.sort(sorted);
            return sorted[count / 2];
        }
    }

    /** Each loop's steps, in the steps both took. */
    private record Timing(Steps anneal, Steps bare) {
        Timing() {
            this(new Steps(), new Steps());
        }

        int steps() {
            return anneal.count;
        }

        double ratio() {
            return (double) bare.total / anneal.total;
        }

        double medianRatio() {
            return bare.median() / anneal.median();
        }
    }

    /**
     * Trains an Anneal run whose observer takes a step of {@code bare} after each of its own. Anneal's step is the
     * time from the end of one bare step to the next call of the observer. The end-of-epoch evaluation and checkpoint
     * are work the bare loop does not do, so the step whose interval holds them is left out on both sides.
     */
    private static Timing trainTakingTurns(Setup setup, Training training, JdbcTemplate jdbc, BareLoop bare) {
        var runId = UUID.randomUUID();
        jdbc.update(
                "insert into experiment (id, name) values (?, ?) on conflict do nothing", UUID.randomUUID(), "bench");
        jdbc.update(
                "insert into run (id, experiment_id, name, status, config) select ?, id, 'bench', 'RUNNING', '{}'"
                        + " from experiment where name = 'bench'",
                runId);
        var plan = new TrainingPlan(
                runId,
                setup.data(),
                setup.network(),
                new TrainingPlan.Optimization(TrainingPlan.OptimizerKind.SGD, 0.9, true, 5e-4, 0.9, 0.999, 1e-8),
                ScheduleConfig.builder()
                        .setBaseLr(0.05)
                        .setTMax(1)
                        .optTMult(2)
                        .optUnit(ScheduleUnit.EPOCH)
                        .build(),
                new TrainingPlan.Loop(
                        setup.epochs(), BATCH, 1, 42, TrainingPlan.DeviceChoice.CPU, 1, null, 1, null, null));
        var timing = new Timing();
        training.train(plan, new TrainingObserver() {
            private long annealFrom;
            private double lastEpoch;

            @Override
            public void started(long totalSteps, String device) {
                // a run loads its dataset just before it trains: collecting that garbage is a start-up cost
                System.gc();
                annealFrom = System.nanoTime();
            }

            @Override
            public boolean stepped(long steps, double epoch) {
                long annealTo = System.nanoTime();
                long bareTook = bare.step();
                boolean afterEpochEnd = lastEpoch >= 1 && lastEpoch == Math.floor(lastEpoch);
                if (!afterEpochEnd) {
                    timing.anneal().add(annealTo - annealFrom);
                    timing.bare().add(bareTook);
                }
                lastEpoch = epoch;
                annealFrom = System.nanoTime();
                return true;
            }
        });
        return timing;
    }

    /** DJL's {@code Trainer} with its fused SGD at a fixed rate, one step at a time through shuffled epochs. */
    private static final class BareLoop implements AutoCloseable {

        private final Examples train;
        private final Model model;
        private final Trainer trainer;
        private final long[] example;
        private int epoch;
        private int[] order;
        private int next;
        private boolean checked;

        BareLoop(Setup setup, PreparedData data) {
            Engine.getInstance().setRandomSeed(42);
            train = data.train();
            example = train.exampleShape();
            model = Model.newInstance("bare");
            // an uploaded module as DJL trains one: its own parameters, in training mode
            model.setBlock(
                    setup.module() == null
                            ? Networks.build(setup.network(), data.classes())
                            : ModuleCheck.load(model.getNDManager(), setup.module()));
            var optimizer = Optimizer.sgd()
                    .setLearningRateTracker(Tracker.fixed(0.05f))
                    .optMomentum(0.9f)
                    .optWeightDecays(5e-4f)
                    .build();
            trainer =
                    model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(optimizer));
            if (setup.module() == null) {
                trainer.initialize(shape(1, example)); // a module comes with its weights
            }
            order = Datasets.permutation(train.count(), new SplittableRandom(epoch));
        }

        /** Takes one optimizer step on the next batch; answers the nanoseconds it took. */
        long step() {
            if (next >= order.length) {
                order = Datasets.permutation(train.count(), new SplittableRandom(++epoch));
                next = 0;
            }
            long start = System.nanoTime();
            var batch = train.select(Arrays.copyOfRange(order, next, Math.min(order.length, next + BATCH)));
            next += BATCH;
            try (NDScope scope = new NDScope();
                    NDManager arrays = trainer.getManager().newSubManager();
                    GradientCollector collector = trainer.newGradientCollector()) {
                NDList x = new NDList(arrays.create(batch.features(), shape(batch.count(), example)));
                NDList y = new NDList(arrays.create(batch.targets()));
                NDArray loss = trainer.getLoss().evaluate(y, trainer.forward(x, y));
                loss.getFloat();
                collector.backward(loss);
            }
            trainer.step();
            long took = System.nanoTime() - start;
            if (!checked) {
                checkGradientsZeroed();
                checked = true;
            }
            return took;
        }

        /**
         * PyTorch adds each backward pass to the gradients; DJL's SGD on PyTorch zeroes each gradient it applies
         * ({@code PtNDArrayEx.sgdUpdate}), so the loop need not. (Until 2026-12-07 it zeroed them again itself, work
         * a bare loop does not need, which flattered Anneal by about 2 %.) Checked once, untimed.
         */
        private void checkGradientsZeroed() {
            try (NDScope arrays = new NDScope()) {
                for (Parameter parameter : model.getBlock().getParameters().values()) {
                    if (parameter.requiresGradient()
                            && parameter.getArray().getGradient().abs().max().getFloat() != 0) {
                        throw new IllegalStateException(parameter.getName() + " kept its gradient after DJL's step");
                    }
                }
            }
        }

        @Override
        public void close() {
            trainer.close();
            model.close();
        }
    }

    private static Shape shape(int count, long[] example) {
        long[] shape = new long[example.length + 1];
        shape[0] = count;
        System.arraycopy(example, 0, shape, 1, example.length);
        return new Shape(shape);
    }
}
