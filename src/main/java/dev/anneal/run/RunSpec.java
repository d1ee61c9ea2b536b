package dev.anneal.run;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.anneal.schedule.RangeRamp;
import dev.anneal.schedule.RateSchedule;
import java.util.List;
import java.util.Locale;

/**
 * A run's configuration as it was launched: validated once, when the request came in, with every default filled in.
 * It is what the run stores (as JSON in the shape of the launch request, {@link StoredSpecs}) and what a worker reads
 * back to train it; reading it back never validates again, so a rule made stricter later never stops an old run from
 * resuming.
 *
 * @param kind what the run does: train along {@code schedule}, or find a rate along {@code rangeTest}
 * @param name the run's name
 * @param experiment the experiment it belongs to
 * @param tags its labels, without repeats
 * @param notes free text, empty when there is none
 * @param dataset what to train on; {@code null} for an external run
 * @param model the network; {@code null} for an external run
 * @param optimizer how weights are updated; {@code null} for an external run
 * @param schedule the learning-rate schedule of a training run, of any kind; for an external run, the schedule its
 *     script declared (in steps), or {@code null}; {@code null} for a range test
 * @param training epochs, batching, seed, device, evaluation and checkpoint cadence; {@code null} for an external run
 * @param rangeTest the ramp of a range test; {@code null} for a training run
 */
public record RunSpec(
        RunKind kind,
        String name,
        String experiment,
        List<String> tags,
        String notes,
        // an external run has none of what Anneal trains with: its stored config leaves them out, not shown as null
        @JsonInclude(JsonInclude.Include.NON_NULL) Dataset dataset,
        @JsonInclude(JsonInclude.Include.NON_NULL) Model model,
        @JsonInclude(JsonInclude.Include.NON_NULL) Optimizer optimizer,
        // a run has one of the two: the other is left out of its stored config, not shown as null
        @JsonInclude(JsonInclude.Include.NON_NULL) RateSchedule schedule,
        @JsonInclude(JsonInclude.Include.NON_NULL) Training training,
        @JsonInclude(JsonInclude.Include.NON_NULL) RangeRamp rangeTest) {

    public RunSpec {
        if (kind == null) {
            kind = RunKind.TRAINING; // every run stored before range tests existed
        }
    }

    /**
     * The spec of a run a script logs: what it is called and where it belongs, and the schedule the script declared,
     * if it did; nothing Anneal would train with.
     */
    public static RunSpec external(
            String name, String experiment, List<String> tags, String notes, RateSchedule declared) {
        return new RunSpec(RunKind.EXTERNAL, name, experiment, tags, notes, null, null, null, declared, null, null);
    }

    /**
     * The optimizer steps the run is planned to take, counted as training counts them (its split of the data, its
     * batches, its accumulation, its epochs); for a range test, its ramp's steps in every repeat, which divergence
     * may cut short; none for an external run, which Anneal does not train.
     */
    public long plannedSteps() {
        if (kind == RunKind.EXTERNAL) {
            return 0;
        }
        if (kind == RunKind.LR_RANGE_TEST) {
            return (long) rangeTest.numSteps() * rangeTest.repeats();
        }
        int pool = dataset.poolSize();
        int used = dataset.limit() == null ? pool : Math.min(pool, dataset.limit());
        int validation = dataset.uploaded() != null && dataset.uploaded().validation() != null
                ? 0 // its own validation split, apart from the pool
                : Math.max(1, (int) Math.round(used * dataset.valFraction()));
        long train = Math.max(0, used - validation);
        long batches = (train + training.batchSize() - 1) / training.batchSize();
        return (batches + training.gradAccumSteps() - 1) / training.gradAccumSteps() * training.epochs();
    }

    /** This spec under another name. */
    RunSpec withName(String name) {
        return new RunSpec(
                kind, name, experiment, tags, notes, dataset, model, optimizer, schedule, training, rangeTest);
    }

    /**
     * The data a run trains on: a built-in dataset, or one a team uploaded.
     *
     * @param name which built-in dataset; {@code null} for an uploaded one
     * @param valFraction the share of the training set held out for validation (where the data gives no split)
     * @param limit the most training examples to use, or {@code null} for all
     * @param augment random changes to training images, or {@code null} for a dataset that is not images
     * @param uploaded the uploaded dataset, as it was when the run was launched; {@code null} for a built-in one
     */
    public record Dataset(
            DatasetName name,
            double valFraction,
            Integer limit,
            Augment augment,
            @JsonInclude(JsonInclude.Include.NON_NULL) UploadedData uploaded) {

        /** A built-in dataset. */
        public Dataset(DatasetName name, double valFraction, Integer limit, Augment augment) {
            this(name, valFraction, limit, augment, null);
        }

        /** The examples training splits its validation set from (or trains on whole, given a split). */
        @JsonIgnore
        public int poolSize() {
            return uploaded != null ? uploaded.examples() : name.poolSize();
        }

        /** Whether the examples are images ({@code [channels, height, width]}), which augmentation applies to. */
        @JsonIgnore
        public boolean isImages() {
            return uploaded != null ? uploaded.exampleShape().size() == 3 : name.isImages();
        }

        /** One example's shape: {@code [1, 28, 28]}. */
        @JsonIgnore
        public List<Long> exampleShape() {
            return uploaded != null ? uploaded.exampleShape() : name.exampleShape();
        }

        /** Its classes; 0 for a regression. */
        @JsonIgnore
        public int classes() {
            return uploaded != null ? uploaded.classes() : name.classes();
        }

        /** What a run's default name calls it: {@code fashion-mnist}, or an upload's name. */
        @JsonIgnore
        public String label() {
            return uploaded != null ? uploaded.name() : name.apiName();
        }
    }

    /**
     * What a run knows of the uploaded dataset it trains on, from the moment it was launched: enough to plan its
     * steps and check its model without reading the data.
     *
     * @param id the upload's id
     * @param name its name
     * @param sha256 its file's SHA-256: the run's fingerprint of its data
     * @param examples the examples it gives to train on
     * @param validation the examples of its own validation split, or {@code null} when the run splits its own
     * @param test the examples of its own test split, or {@code null} when it has none
     * @param exampleShape one example's shape
     * @param classes its classes; 0 for a regression
     */
    public record UploadedData(
            java.util.UUID id,
            String name,
            String sha256,
            int examples,
            Integer validation,
            Integer test,
            List<Long> exampleShape,
            int classes) {}

    /**
     * Random changes to each training image, drawn afresh every epoch from the run's seed; validation and test
     * images are never changed.
     *
     * @param horizontalFlip mirror an image left to right with probability one half
     * @param maxShift shift an image by up to this many pixels along each axis, filling with the background
     */
    public record Augment(boolean horizontalFlip, int maxShift) {

        /** No augmentation: every image as stored. */
        public static final Augment NONE = new Augment(false, 0);
    }

    /**
     * The network a run trains: a built-in architecture, or a TorchScript module a team uploaded.
     *
     * @param name which built-in architecture; {@code null} for an uploaded module
     * @param hidden the hidden layer sizes of an {@code mlp}; {@code null} for a {@code cnn}, whose layers are fixed
     * @param uploaded the uploaded module, as it was when the run was launched; {@code null} for a built-in one
     */
    public record Model(
            ModelName name,
            List<Integer> hidden,
            @JsonInclude(JsonInclude.Include.NON_NULL) UploadedModel uploaded) {

        /** A built-in network. */
        public Model(ModelName name, List<Integer> hidden) {
            this(name, hidden, null);
        }

        /** What a run's default name calls it: {@code cnn}, or an upload's {@code name:version}. */
        @JsonIgnore
        public String label() {
            return uploaded != null ? uploaded.name() + "-" + uploaded.version() : name.apiName();
        }
    }

    /**
     * What a run knows of the uploaded TorchScript model it trains, from the moment it was launched.
     *
     * @param id the upload's id
     * @param name its name
     * @param version its version
     * @param sha256 its file's SHA-256
     * @param inputShape one example's shape, as its manifest declares
     * @param classes a classifier's classes; 0 for a regressor
     * @param outputs a regressor's outputs; 0 for a classifier
     */
    public record UploadedModel(
            java.util.UUID id,
            String name,
            String version,
            String sha256,
            List<Long> inputShape,
            int classes,
            int outputs) {}

    /**
     * How a run updates its weights.
     *
     * @param name which optimizer
     * @param momentum SGD momentum
     * @param nesterov whether SGD uses Nesterov momentum
     * @param weightDecay L2 penalty (SGD) or decoupled weight decay (AdamW)
     * @param betas AdamW's first- and second-moment decays
     * @param eps AdamW's denominator guard
     */
    public record Optimizer(
            OptimizerName name, double momentum, boolean nesterov, double weightDecay, List<Double> betas, double eps) {

        /** AdamW's first-moment decay. */
        public double beta1() {
            return betas.get(0);
        }

        /** AdamW's second-moment decay. */
        public double beta2() {
            return betas.get(1);
        }
    }

    /**
     * How a run trains.
     *
     * @param epochs passes over the training set
     * @param batchSize examples per forward pass
     * @param gradAccumSteps forward passes per optimizer step
     * @param seed seeds the data order, the split and the initial weights
     * @param device where to train
     * @param gpus how many GPUs to train on, data-parallel when more than one
     * @param evalEverySteps optimizer steps between evaluations, or {@code null} for once per epoch
     * @param checkpointEveryEpochs epochs between checkpoints
     * @param gradClipNorm the largest gradient norm allowed, or {@code null} for no clipping
     * @param swaFromEpoch the first epoch (counted from 1) whose end weights join the stochastic weight average
     *     the run finishes with, or {@code null} to finish with the last weights
     * @param snapshots the snapshot ensemble evaluated at the end, or {@code null} for none
     * @param evalAtCycleEnds whether the run also evaluates where each cycle ends (the rate at its floor), besides
     *     its cadence: what a sweep judges its trials by
     */
    public record Training(
            int epochs,
            int batchSize,
            int gradAccumSteps,
            long seed,
            Device device,
            int gpus,
            Integer evalEverySteps,
            int checkpointEveryEpochs,
            Double gradClipNorm,
            Integer swaFromEpoch,
            Snapshots snapshots,
            boolean evalAtCycleEnds) {}

    /**
     * The weights kept at the end of every cycle (the rate at its floor, just before a restart) and of the run, the
     * last {@code keep} of which are evaluated alone and as an ensemble at the end.
     *
     * @param keep how many of the last snapshots make the ensemble, 1–20
     */
    public record Snapshots(int keep) {}

    /** The datasets Anneal can train on. */
    public enum DatasetName {
        FASHION_MNIST(60_000, List.of(1L, 28L, 28L), 10),
        SYNTHETIC_SPIRALS(24_000, List.of(2L), 3),
        SYNTHETIC_REGRESSION(24_000, List.of(8L), 0);

        private final int poolSize;
        private final List<Long> exampleShape;
        private final int classes;

        DatasetName(int poolSize, List<Long> exampleShape, int classes) {
            this.poolSize = poolSize;
            this.exampleShape = exampleShape;
            this.classes = classes;
        }

        /** One example's shape, as training loads it (a test holds it to what training loads). */
        public List<Long> exampleShape() {
            return exampleShape;
        }

        /** Its classes; 0 for a regression. */
        public int classes() {
            return classes;
        }

        /**
         * The examples in its training pool, before {@code limit} and the validation split: what the launch form
         * estimates steps from (a test holds it to what training loads).
         */
        public int poolSize() {
            return poolSize;
        }

        /** Whether the examples are images, which augmentation applies to. */
        public boolean isImages() {
            return this == FASHION_MNIST;
        }

        /** The name as the API spells it: {@code "fashion-mnist"}. */
        @JsonValue
        public String apiName() {
            return RunSpec.apiName(this);
        }
    }

    /** The architectures Anneal can train. */
    public enum ModelName {
        MLP,
        CNN;

        /** The name as the API spells it: {@code "mlp"}. */
        @JsonValue
        public String apiName() {
            return RunSpec.apiName(this);
        }
    }

    /** The optimizers Anneal can train with. */
    public enum OptimizerName {
        SGD,
        ADAMW;

        /** The name as the API spells it: {@code "sgd"}. */
        @JsonValue
        public String apiName() {
            return RunSpec.apiName(this);
        }
    }

    /** Where a run trains: a GPU when the engine sees one ({@code auto}), or the one named. */
    public enum Device {
        AUTO,
        CPU,
        GPU;

        /** The name as the API spells it: {@code "auto"}. */
        @JsonValue
        public String apiName() {
            return RunSpec.apiName(this);
        }
    }

    private static String apiName(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
