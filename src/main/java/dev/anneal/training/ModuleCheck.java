package dev.anneal.training;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Checks an uploaded TorchScript module the way training will use it, before anyone launches a run on it: loaded with
 * trainable parameters on the CPU, one forward pass in training mode on a batch of its declared input shape, the
 * output held to the declared task, one backward pass that must reach a parameter.
 */
public final class ModuleCheck {

    /** The batch the check runs: more than one example, as batch norm needs. */
    static final int BATCH = 4;

    private ModuleCheck() {}

    /**
     * What a module's manifest says it is.
     *
     * @param inputShape one example's shape: {@code [20]}, {@code [1, 28, 28]}
     * @param classification whether it classifies (else it regresses)
     * @param outputs its classes, or its regression outputs
     */
    public record Declared(List<Long> inputShape, boolean classification, int outputs) {}

    /**
     * What the check found.
     *
     * @param parameters the module's trainable parameters, in numbers
     * @param outputShape the shape of one example's output
     */
    public record Passed(long parameters, List<Long> outputShape) {}

    /** A module the check refused, with what to do about it in its message. */
    public static final class RefusedException extends RuntimeException {

        RefusedException(String message) {
            super(message);
        }
    }

    /** Loads {@code file} and runs one training step's passes on it; throws {@link RefusedException} saying why not. */
    public static Passed check(Path file, Declared declared) {
        GradientTape.recordOnlyInTapes();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            PtSymbolBlock block = load(manager, file);
            long parameters = block.getParameters().values().stream()
                    .map(Parameter::getArray)
                    .mapToLong(array -> array.getShape().size())
                    .sum();
            if (parameters == 0) {
                throw new RefusedException("the module has no trainable parameters: there is nothing to train");
            }
            var batch = new Shape(concat(BATCH, declared.inputShape()));
            NDArray output;
            try (var tape = new GradientTape()) {
                var inputs = new NDList(manager.randomNormal(batch));
                try {
                    output = block.forward(new ParameterStore(manager, false), inputs, true)
                            .singletonOrThrow();
                } catch (EngineException | IllegalArgumentException | IllegalStateException e) {
                    throw new RefusedException(
                            "the module's forward pass failed on a batch of shape %s (the input_shape %s with a batch"
                                            .formatted(batch, declared.inputShape())
                                    + " dimension in front): " + firstLine(e.getMessage()));
                }
                var expected = new Shape(BATCH, declared.outputs());
                if (!output.getShape().equals(expected)) {
                    throw new RefusedException(
                            "the module's output has shape %s for a batch of %d, but a %s with %s %d needs %s"
                                    .formatted(
                                            output.getShape(),
                                            BATCH,
                                            declared.classification() ? "classifier" : "regressor",
                                            declared.classification() ? "classes" : "outputs",
                                            declared.outputs(),
                                            expected));
                }
                var target = declared.classification()
                        ? manager.randomInteger(
                                0, declared.outputs(), new Shape(BATCH), ai.djl.ndarray.types.DataType.INT64)
                        : manager.randomNormal(expected);
                var loss = declared.classification()
                        ? Loss.softmaxCrossEntropyLoss().evaluate(new NDList(target), new NDList(output))
                        : Loss.l2Loss().evaluate(new NDList(target), new NDList(output));
                if (!Float.isFinite(loss.getFloat())) {
                    throw new RefusedException(
                            "the module's loss on a random batch is not a number: check its forward");
                }
                tape.backward(loss);
            }
            boolean reached = block.getParameters().values().stream()
                    .map(Parameter::getArray)
                    .anyMatch(array -> array.hasGradient()
                            && array.getGradient().abs().sum().getFloat() > 0);
            if (!reached) {
                throw new RefusedException("no gradient reaches the module's parameters: its output does not depend on"
                        + " them (a detached or frozen module)");
            }
            return new Passed(
                    parameters,
                    Arrays.stream(output.getShape().slice(1).getShape()).boxed().toList());
        }
    }

    /**
     * Loads a TorchScript module with trainable parameters, in training mode. PyTorch loads a module in evaluation
     * mode, while DJL's block believes it trains until first told otherwise: without the switch here, batch norm
     * would normalise by its initial running statistics and dropout would keep every unit until the first
     * evaluation, the whole first epoch.
     */
    static PtSymbolBlock load(NDManager manager, Path file) {
        try {
            var block = JniUtils.loadModule((PtNDManager) manager, file, false, new String[0], new String[0], true);
            block.freezeParameters(false);
            JniUtils.enableTrainingMode(block);
            return block;
        } catch (EngineException e) {
            throw new RefusedException("PyTorch cannot load it as TorchScript: " + firstLine(e.getMessage()));
        }
    }

    private static long[] concat(long first, List<Long> rest) {
        long[] shape = new long[rest.size() + 1];
        shape[0] = first;
        for (int i = 0; i < rest.size(); i++) {
            shape[i + 1] = rest.get(i);
        }
        return shape;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
