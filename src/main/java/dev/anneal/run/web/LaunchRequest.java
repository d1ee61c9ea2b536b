package dev.anneal.run.web;

import dev.anneal.run.LoggedFields;
import dev.anneal.run.RunKind;
import dev.anneal.run.RunSource;
import dev.anneal.run.RunSpec;
import dev.anneal.run.RunSpec.DatasetName;
import dev.anneal.run.RunSpec.Device;
import dev.anneal.run.RunSpec.ModelName;
import dev.anneal.run.RunSpec.OptimizerName;
import dev.anneal.run.UploadedDatasets;
import dev.anneal.run.UploadedModels;
import dev.anneal.schedule.RangeRamp;
import dev.anneal.schedule.RateSchedule;
import dev.anneal.schedule.ScheduleUnit;
import dev.anneal.web.FieldErrors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The body of {@code POST /api/runs}: every field but {@code schedule.base_lr} and {@code schedule.t_max} may be
 * left out; a run of {@code kind} {@code lr_range_test} has {@code range_test} (all of it optional) instead of a
 * schedule. It is validated here, once, into the {@link RunSpec} the run stores; nothing reads it again.
 *
 * <p>A run of {@code kind} {@code external} is one a script trains and logs: it has a name, an experiment, tags and
 * notes, and may have {@code params}, a {@code source} and a {@code schedule} it declares (in steps); it has nothing
 * Anneal trains with.
 */
record LaunchRequest(
        String kind,
        String name,
        String experiment,
        List<String> tags,
        String notes,
        DatasetRequest dataset,
        ModelRequest model,
        OptimizerRequest optimizer,
        ScheduleRequest schedule,
        TrainingRequest training,
        RangeTestRequest rangeTest,
        Map<String, Object> params,
        SourceRequest source) {

    static final String DEFAULT_EXPERIMENT = "default";
    static final DatasetName DEFAULT_DATASET = DatasetName.FASHION_MNIST;
    static final ModelName DEFAULT_MODEL = ModelName.CNN;
    static final OptimizerName DEFAULT_OPTIMIZER = OptimizerName.SGD;
    static final Device DEFAULT_DEVICE = Device.AUTO;
    static final List<Integer> DEFAULT_HIDDEN = List.of(256, 128);
    static final int MAX_TAGS = 20;
    static final int MAX_TEXT = 200;
    static final int MAX_NOTES = 10_000;
    static final int MAX_GPUS = 64;

    static final int MAX_SHIFT = 8;

    /**
     * The launch body's dataset: a built-in one by {@code name}, or an uploaded one by {@code artifact} (its id or
     * name); {@code uploaded} is how a run's stored config names it, so a config launches again as it is.
     */
    record DatasetRequest(
            String name,
            Double valFraction,
            Integer limit,
            AugmentRequest augment,
            String artifact,
            RunSpec.UploadedData uploaded) {}

    record AugmentRequest(Boolean horizontalFlip, Integer maxShift) {}

    /**
     * The launch body's model: a built-in architecture by {@code name}, or an uploaded TorchScript module by
     * {@code artifact} (its id, or {@code name:version}); {@code uploaded} is how a run's stored config names it.
     */
    record ModelRequest(String name, List<Integer> hidden, String artifact, RunSpec.UploadedModel uploaded) {}

    record OptimizerRequest(
            String name, Double momentum, Boolean nesterov, Double weightDecay, List<Double> betas, Double eps) {}

    record TrainingRequest(
            Integer epochs,
            Integer batchSize,
            Integer gradAccumSteps,
            Long seed,
            String device,
            Integer gpus,
            Integer evalEverySteps,
            Integer checkpointEveryEpochs,
            Double gradClipNorm,
            Integer swaFromEpoch,
            SnapshotsRequest snapshots,
            Boolean evalAtCycleEnds) {}

    record SnapshotsRequest(Integer keep) {}

    /** Where an external run came from: all optional. */
    record SourceRequest(String script, String gitCommit, Boolean dirty, String host) {}

    /** The most params an external run's first request carries; it may log more later. */
    static final int MAX_PARAMS = 100;

    static final int MAX_SNAPSHOTS = 20;

    /**
     * The validated run with every default filled in, or empty with every problem recorded in {@code errors}; its
     * name is {@code null} when the request gives none.
     */
    Optional<RunSpec> toSpec(FieldErrors errors, UploadedDatasets uploads, UploadedModels modules) {
        checkLabels(errors);
        if (RunKind.EXTERNAL.apiName().equals(kind)) {
            return externalSpec(errors);
        }
        for (var logged :
                Map.of("params", params != null, "source", source != null).entrySet()) {
            if (logged.getValue()) {
                errors.reject(logged.getKey(), null, logged.getKey() + " is only for a run of kind external");
            }
        }
        var data = dataset(errors, uploads);
        var net = model(errors, modules);
        if (data.isPresent() && net.isPresent()) {
            checkFits(data.get(), net.get(), errors);
        }
        var opt = optimizer(errors);
        var train = training(errors);
        var parsedKind = errors.choice("kind", kind, RunKind.TRAINING, RunKind.class, RunKind::apiName);
        var runKind = parsedKind.orElse(RunKind.TRAINING);
        Optional<RateSchedule> sched = Optional.empty();
        Optional<RangeRamp> ramp = Optional.empty();
        if (runKind == RunKind.LR_RANGE_TEST) {
            if (schedule != null) {
                errors.reject(
                        "schedule",
                        null,
                        "schedule is not for a range test: it ramps the rate itself, as range_test says");
            }
            ramp = (rangeTest == null ? RangeTestRequest.DEFAULTS : rangeTest).toRamp("range_test", errors);
        } else {
            if (rangeTest != null) {
                errors.reject("range_test", null, "range_test is only for a run of kind lr_range_test");
            }
            if (schedule == null) {
                errors.requireNonNull("schedule", null);
            } else {
                sched = schedule.toSchedule("schedule", errors);
            }
        }
        checkSnapshots(runKind, sched, errors);
        boolean planned = runKind == RunKind.LR_RANGE_TEST ? ramp.isPresent() : sched.isPresent();
        if (!errors.isEmpty()
                || parsedKind.isEmpty()
                || data.isEmpty()
                || net.isEmpty()
                || opt.isEmpty()
                || train.isEmpty()
                || !planned) {
            return Optional.empty();
        }
        return Optional.of(new RunSpec(
                runKind,
                name == null ? null : name.strip(),
                experimentName(),
                tagList(),
                notes == null ? "" : notes,
                data.get(),
                net.get(),
                opt.get(),
                sched.orElse(null),
                train.get(),
                ramp.orElse(null)));
    }

    /** The spec of an external run: its labels and the schedule it declares; nothing to train with. */
    private Optional<RunSpec> externalSpec(FieldErrors errors) {
        var trainedWith = new LinkedHashMap<String, Object>();
        trainedWith.put("dataset", dataset);
        trainedWith.put("model", model);
        trainedWith.put("optimizer", optimizer);
        trainedWith.put("training", training);
        trainedWith.put("range_test", rangeTest);
        trainedWith.forEach((field, given) -> {
            if (given != null) {
                errors.reject(field, null, field + " is not for an external run: its own script trains it");
            }
        });
        Optional<RateSchedule> declared = Optional.empty();
        if (schedule != null) {
            declared = schedule.toSchedule("schedule", errors);
            if (declared.isPresent() && declared.get().unit() != ScheduleUnit.STEP) {
                errors.reject(
                        "schedule.unit",
                        declared.get().unit().apiName(),
                        "schedule.unit must be step for an external run: Anneal sees its steps, not its epochs");
            }
        }
        if (!errors.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(RunSpec.external(
                name == null ? null : name.strip(),
                experimentName(),
                tagList(),
                notes == null ? "" : notes,
                declared.orElse(null)));
    }

    /** The params an external run starts with, each problem recorded. */
    Map<String, String> externalParams(FieldErrors errors) {
        if (params != null && params.size() > MAX_PARAMS) {
            errors.reject(
                    "params",
                    null,
                    "params must hold at most %d params but held %d; log more with /log"
                            .formatted(MAX_PARAMS, params.size()));
            return Map.of();
        }
        return LoggedFields.params("params", params, errors);
    }

    /** Where an external run came from, each problem recorded. */
    RunSource externalSource(FieldErrors errors) {
        if (source == null) {
            return RunSource.UNSAID;
        }
        checkText(errors, "source.script", source.script(), false);
        checkText(errors, "source.git_commit", source.gitCommit(), false);
        checkText(errors, "source.host", source.host(), false);
        return new RunSource(strip(source.script()), strip(source.gitCommit()), source.dirty(), strip(source.host()));
    }

    private static String strip(String text) {
        return text == null ? null : text.strip();
    }

    /** Snapshots are taken at cycle ends: a run needs a schedule that restarts to have more than its last one. */
    private void checkSnapshots(RunKind runKind, Optional<RateSchedule> sched, FieldErrors errors) {
        if (training == null || training.snapshots() == null) {
            return;
        }
        if (runKind == RunKind.LR_RANGE_TEST) {
            errors.reject(
                    "training.snapshots", null, "training.snapshots is not for a range test: its model is thrown away");
        } else if (sched.isPresent() && !sched.get().kind().restarts()) {
            errors.reject(
                    "training.snapshots",
                    null,
                    "training.snapshots needs a schedule that restarts (kind cosine); a %s schedule has no cycle ends"
                            .formatted(sched.get().kind().apiName()));
        }
    }

    private String experimentName() {
        return experiment == null ? DEFAULT_EXPERIMENT : experiment.strip();
    }

    private List<String> tagList() {
        return tags == null
                ? List.of()
                : tags.stream().map(String::strip).distinct().toList();
    }

    private void checkLabels(FieldErrors errors) {
        checkText(errors, "name", name, false);
        checkText(errors, "experiment", experiment, false);
        if (notes != null && notes.length() > MAX_NOTES) {
            errors.reject(
                    "notes",
                    null,
                    "notes must be at most %d characters but was %d".formatted(MAX_NOTES, notes.length()));
        }
        if (tags != null) {
            if (tags.size() > MAX_TAGS) {
                errors.reject(
                        "tags", null, "tags must hold at most %d tags but held %d".formatted(MAX_TAGS, tags.size()));
            }
            for (int i = 0; i < tags.size(); i++) {
                checkText(errors, "tags[" + i + "]", tags.get(i), true);
            }
        }
    }

    private static void checkText(FieldErrors errors, String field, String value, boolean required) {
        if (value == null) {
            if (required) {
                errors.reject(field, null, field + " must be text but was null");
            }
            return;
        }
        if (value.isBlank() || value.strip().length() > MAX_TEXT) {
            errors.reject(field, value, "%s must be 1 to %d characters, not blank".formatted(field, MAX_TEXT));
        }
    }

    private Optional<RunSpec.Dataset> dataset(FieldErrors errors, UploadedDatasets uploads) {
        var d = dataset == null ? new DatasetRequest(null, null, null, null, null, null) : dataset;
        double valFraction = errors.number("dataset.val_fraction", d.valFraction(), 0.1, 0, true, 0.5);
        if (d.limit() != null && d.limit() < 1) {
            errors.reject("dataset.limit", d.limit(), "dataset.limit must be >= 1 but was " + d.limit());
        }
        String reference = d.artifact() != null
                ? d.artifact()
                : d.uploaded() != null && d.uploaded().id() != null
                        ? d.uploaded().id().toString()
                        : null;
        if (reference != null) {
            if (d.name() != null) {
                errors.reject(
                        "dataset.name", d.name(), "dataset.name and dataset.artifact name two datasets: give one");
            }
            var found = uploads.find(reference);
            if (found.isEmpty()) {
                errors.reject(
                        "dataset.artifact",
                        reference,
                        "dataset.artifact: no uploaded dataset is named or has id %s (GET /api/datasets lists them)"
                                .formatted(reference));
                return Optional.empty();
            }
            var uploaded = found.get();
            boolean images = uploaded.exampleShape().size() == 3;
            return Optional.of(new RunSpec.Dataset(
                    null, valFraction, d.limit(), augment(images, uploaded.name(), d.augment(), errors), uploaded));
        }
        var name = errors.choice("dataset.name", d.name(), DEFAULT_DATASET, DatasetName.class, DatasetName::apiName);
        return name.map(n -> new RunSpec.Dataset(
                n, valFraction, d.limit(), augment(n.isImages(), n.apiName(), d.augment(), errors)));
    }

    /**
     * Refuses a built-in network that cannot take the uploaded dataset's examples, naming both: a cnn convolves
     * images of at least 4×4 (two 2×2 poolings), an mlp takes any shape, flattened.
     */
    private static void checkFits(RunSpec.Dataset data, RunSpec.Model model, FieldErrors errors) {
        if (model.uploaded() != null) {
            checkModuleFits(data, model.uploaded(), errors);
            return;
        }
        if (data.uploaded() == null || model.name() != ModelName.CNN) {
            return;
        }
        var shape = data.uploaded().exampleShape();
        if (shape.size() != 3 || shape.get(1) < 4 || shape.get(2) < 4) {
            errors.reject(
                    "model.name",
                    "cnn",
                    ("model cnn needs image examples [channels, height, width] of at least 4×4, but dataset.artifact %s"
                                    + " has examples of shape %s: use mlp, or upload images")
                            .formatted(data.uploaded().name(), shape));
        }
    }

    /**
     * Refuses an uploaded module whose manifest does not fit the data, naming both: its input shape must be the
     * examples' shape, and its task theirs (as many classes, or one output for a regression).
     */
    private static void checkModuleFits(RunSpec.Dataset data, RunSpec.UploadedModel module, FieldErrors errors) {
        String model = "model.artifact %s:%s".formatted(module.name(), module.version());
        String dataset = data.uploaded() != null
                ? "dataset.artifact " + data.uploaded().name()
                : "dataset.name " + data.name().apiName();
        if (!module.inputShape().equals(data.exampleShape())) {
            errors.reject(
                    "model.artifact",
                    null,
                    "%s takes input_shape %s, but %s has examples of shape %s"
                            .formatted(model, module.inputShape(), dataset, data.exampleShape()));
        }
        if (module.classes() > 0 && module.classes() != data.classes()) {
            errors.reject(
                    "model.artifact",
                    null,
                    data.classes() == 0
                            ? "%s classifies into %d classes, but %s is a regression"
                                    .formatted(model, module.classes(), dataset)
                            : "%s classifies into %d classes, but %s has %d"
                                    .formatted(model, module.classes(), dataset, data.classes()));
        }
        if (module.outputs() > 0 && (data.classes() > 0 || module.outputs() != 1)) {
            errors.reject(
                    "model.artifact",
                    null,
                    data.classes() > 0
                            ? "%s is a regressor, but %s has %d classes".formatted(model, dataset, data.classes())
                            : "%s has %d outputs, but a regression here trains one".formatted(model, module.outputs()));
        }
    }

    /** The augmentation of an image dataset ({@link RunSpec.Augment#NONE} unless asked for); none for the rest. */
    private static RunSpec.Augment augment(boolean images, String dataset, AugmentRequest request, FieldErrors errors) {
        if (!images) {
            if (request != null) {
                errors.reject(
                        "dataset.augment", null, "dataset.augment applies to image datasets only, not to " + dataset);
            }
            return null;
        }
        if (request == null) {
            return RunSpec.Augment.NONE;
        }
        boolean flip = request.horizontalFlip() != null && request.horizontalFlip();
        int shift = errors.integer("dataset.augment.max_shift", request.maxShift(), 0, 0, MAX_SHIFT);
        return new RunSpec.Augment(flip, shift);
    }

    private Optional<RunSpec.Model> model(FieldErrors errors, UploadedModels modules) {
        var m = model == null ? new ModelRequest(null, null, null, null) : model;
        String reference = m.artifact() != null
                ? m.artifact()
                : m.uploaded() != null && m.uploaded().id() != null
                        ? m.uploaded().id().toString()
                        : null;
        if (reference != null) {
            if (m.name() != null || m.hidden() != null) {
                errors.reject(
                        m.name() != null ? "model.name" : "model.hidden",
                        null,
                        "model.artifact is an uploaded module of its own: give it without model.name and model.hidden");
            }
            var found = modules.find(reference);
            if (found.isEmpty()) {
                errors.reject(
                        "model.artifact",
                        reference,
                        "model.artifact: no uploaded model has id or name:version %s (GET /api/models lists them)"
                                .formatted(reference));
                return Optional.empty();
            }
            return Optional.of(new RunSpec.Model(null, null, found.get()));
        }
        var name = errors.choice("model.name", m.name(), DEFAULT_MODEL, ModelName.class, ModelName::apiName);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        if (name.get() == ModelName.CNN) {
            if (m.hidden() != null) {
                errors.reject("model.hidden", null, "model.hidden applies to mlp only; cnn has a fixed architecture");
            }
            return Optional.of(new RunSpec.Model(ModelName.CNN, null));
        }
        var hidden = m.hidden() == null ? DEFAULT_HIDDEN : m.hidden();
        if (hidden.isEmpty() || hidden.size() > 8) {
            errors.reject(
                    "model.hidden", null, "model.hidden must list 1 to 8 layer sizes but listed " + hidden.size());
        }
        boolean sized = true;
        for (int i = 0; i < hidden.size(); i++) {
            String field = "model.hidden[" + i + "]";
            if (hidden.get(i) == null) {
                errors.reject(field, null, field + " must be a layer size from 1 to 8192 but was null");
                sized = false;
            } else {
                errors.integer(field, hidden.get(i), 0, 1, 8192);
            }
        }
        return sized ? Optional.of(new RunSpec.Model(ModelName.MLP, List.copyOf(hidden))) : Optional.empty();
    }

    private Optional<RunSpec.Optimizer> optimizer(FieldErrors errors) {
        var o = optimizer == null ? new OptimizerRequest(null, null, null, null, null, null) : optimizer;
        var name = errors.choice(
                "optimizer.name", o.name(), DEFAULT_OPTIMIZER, OptimizerName.class, OptimizerName::apiName);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        boolean sgd = name.get() == OptimizerName.SGD;
        double momentum = errors.number("optimizer.momentum", o.momentum(), sgd ? 0.9 : 0.0, 0, false, 0.999);
        boolean nesterov = o.nesterov() == null ? sgd && momentum > 0 : o.nesterov();
        if (sgd && nesterov && momentum == 0) {
            errors.reject("optimizer.nesterov", true, "optimizer.nesterov needs optimizer.momentum > 0");
        }
        double weightDecay = errors.number("optimizer.weight_decay", o.weightDecay(), sgd ? 5e-4 : 1e-2, 0, false, 1);
        var betas = o.betas() == null ? List.of(0.9, 0.999) : o.betas();
        if (betas.size() != 2) {
            errors.reject("optimizer.betas", null, "optimizer.betas must hold 2 numbers but held " + betas.size());
            return Optional.empty();
        }
        double beta1 = errors.number("optimizer.betas[0]", betas.get(0), 0.9, 0, false, 0.9999);
        double beta2 = errors.number("optimizer.betas[1]", betas.get(1), 0.999, 0, false, 0.99999);
        double eps = errors.number("optimizer.eps", o.eps(), 1e-8, 0, true, 1);
        return Optional.of(
                new RunSpec.Optimizer(name.get(), momentum, nesterov, weightDecay, List.of(beta1, beta2), eps));
    }

    private Optional<RunSpec.Training> training(FieldErrors errors) {
        var t = training == null
                ? new TrainingRequest(null, null, null, null, null, null, null, null, null, null, null, null)
                : training;
        int epochs = errors.integer("training.epochs", t.epochs(), 15, 1, 10_000);
        int batchSize = errors.integer("training.batch_size", t.batchSize(), 128, 1, 65_536);
        int accumulation = errors.integer("training.grad_accum_steps", t.gradAccumSteps(), 1, 1, 1024);
        long seed = t.seed() == null ? 42 : t.seed();
        if (seed < 0) {
            errors.reject("training.seed", seed, "training.seed must be >= 0 but was " + seed);
        }
        var device = errors.choice("training.device", t.device(), DEFAULT_DEVICE, Device.class, Device::apiName);
        int gpus = errors.integer("training.gpus", t.gpus(), 1, 1, MAX_GPUS);
        if (gpus > 1 && device.orElse(null) == Device.CPU) {
            errors.reject("training.gpus", gpus, "training.gpus applies to GPU training; device cpu trains on the CPU");
        }
        Integer evalEvery = t.evalEverySteps() == null
                ? null
                : errors.integer("training.eval_every_steps", t.evalEverySteps(), 1, 1, Integer.MAX_VALUE);
        int checkpointEvery =
                errors.integer("training.checkpoint_every_epochs", t.checkpointEveryEpochs(), 1, 1, 10_000);
        Double clip = t.gradClipNorm() == null
                ? null
                : errors.number("training.grad_clip_norm", t.gradClipNorm(), 1, 0, true, 1e6);
        Integer swaFrom = t.swaFromEpoch() == null
                ? null
                : errors.integer("training.swa_from_epoch", t.swaFromEpoch(), 1, 1, epochs);
        RunSpec.Snapshots snapshots = null;
        if (t.snapshots() != null) {
            errors.requireNonNull("training.snapshots.keep", t.snapshots().keep());
            if (t.snapshots().keep() != null) {
                snapshots = new RunSpec.Snapshots(
                        errors.integer("training.snapshots.keep", t.snapshots().keep(), 1, 1, MAX_SNAPSHOTS));
            }
        }
        var kept = snapshots;
        boolean atCycleEnds = t.evalAtCycleEnds() != null && t.evalAtCycleEnds();
        return device.map(d -> new RunSpec.Training(
                epochs,
                batchSize,
                accumulation,
                seed,
                d,
                gpus,
                evalEvery,
                checkpointEvery,
                clip,
                swaFrom,
                kept,
                atCycleEnds));
    }
}
