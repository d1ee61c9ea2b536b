package dev.anneal.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;

/**
 * The learning parameters of one copy of a model, laid end to end in one array: each parameter's array is a view of
 * its stretch of that array. The optimizer, the gradient norm and clipping then work on all of a step's weights with
 * a few operations rather than a few per parameter. On a small model each operation costs more in calls into the
 * engine than in arithmetic, and those calls were most of what a step through Anneal cost beyond a bare loop.
 *
 * <p>Gradients cannot be laid out the same way (the engine gives each parameter its own), so {@link #takeGradient()}
 * gathers them end to end once a step.
 */
final class FlatParameters {

    /**
     * Where one parameter lies in the flat array.
     *
     * @param name the parameter's path in the block ({@code "01Linear_weight"}), which a rebuilt model keeps
     * @param from its first element in the flat array
     * @param to one past its last element
     * @param shape its shape
     */
    record Stretch(String name, long from, long to, Shape shape) {

        /** This stretch of {@code flat}, an array of the whole layout, as a view in the parameter's shape. */
        NDArray of(NDArray flat) {
            try (NDArray slice = flat.get(new NDIndex().addSliceDim(from, to))) {
                return slice.reshape(shape); // a view of the same memory, which outlives the slice's handle
            }
        }
    }

    private final Block block;
    private final NDArray weights;
    /** The learning parameters, whose gradients the engine fills. */
    private final List<Parameter> parameters;
    /** Each learning parameter's stretch of {@link #weights}: its own array, unless the network mirrors them. */
    private final List<NDArray> views;

    private final List<Stretch> stretches;
    /** The gradient of every learning weight, end to end, which each step's gradients are copied into. */
    private final NDArray gradient;
    /** Each learning parameter's stretch of {@link #gradient}. */
    private final List<NDArray> gradients;
    /**
     * Each learning parameter's own gradient, as the engine accumulates it. PyTorch adds a backward pass into a
     * gradient that exists in place (as its distributed training's gradient buckets rely on), and zeroing fills it in
     * place, so after the first backward pass each is the same array for the model's life: asked for once, rather
     * than through a new handle every step.
     */
    private List<NDArray> accumulated;

    private FlatParameters(
            Block block, NDArray weights, List<Parameter> parameters, List<NDArray> views, List<Stretch> stretches) {
        this.block = block;
        this.weights = weights;
        this.parameters = parameters;
        this.views = views;
        this.stretches = stretches;
        this.gradient = owned(weights.zerosLike());
        this.gradients =
                stretches.stream().map(stretch -> owned(stretch.of(gradient))).toList();
    }

    /** {@code array}, kept for the model's whole life whatever scope creates it; its manager frees it. */
    private static NDArray owned(NDArray array) {
        NDScope.unregister(array);
        return array;
    }

    /**
     * Builds {@code network} with its initial weights in {@code manager}, its learning parameters laid flat.
     *
     * <p>A parameter's array can be given only before the block is initialized, and its shape is known only after;
     * so a twin of the network is initialized first (drawing the same initial weights the network would have) and
     * its values are copied into the flat array. The block is initialized for {@code inputShape} when its trainer
     * is, which then only marks the views as wanting gradients.
     */
    static FlatParameters build(NetworkSource network, NDManager manager, Shape inputShape) {
        Block block = network.build(manager);
        if (block instanceof ModuleBlock module) {
            return mirrored(module, manager);
        }
        Block twin = network.build(manager);
        twin.initialize(manager, DataType.FLOAT32, inputShape);
        var initial = twin.getParameters();
        var own = block.getParameters();
        var stretches = new ArrayList<Stretch>();
        long size = 0;
        for (int i = 0; i < own.size(); i++) {
            Parameter parameter = own.get(i).getValue();
            if (parameter.requiresGradient()) {
                Shape shape = initial.get(i).getValue().getArray().getShape();
                stretches.add(new Stretch(own.get(i).getKey(), size, size + shape.size(), shape));
                size += shape.size();
            }
        }
        NDArray weights = owned(manager.zeros(new Shape(size), DataType.FLOAT32));
        var learning = new ArrayList<Parameter>(stretches.size());
        int next = 0;
        for (int i = 0; i < own.size(); i++) {
            Parameter parameter = own.get(i).getValue();
            NDArray value = initial.get(i).getValue().getArray();
            if (parameter.requiresGradient()) {
                NDArray view = owned(stretches.get(next++).of(weights));
                InPlace.copy(value, view);
                value.close();
                parameter.setArray(view);
                learning.add(parameter);
            } else {
                parameter.setArray(value); // running statistics: the twin's array, as it is
            }
        }
        var learns = List.copyOf(learning);
        return new FlatParameters(
                block, weights, learns, learns.stream().map(Parameter::getArray).toList(), List.copyOf(stretches));
    }

    /**
     * An uploaded module's learning parameters laid flat: its weights as loaded, copied into the flat array, which the
     * module then mirrors before each use ({@link ModuleBlock}).
     */
    private static FlatParameters mirrored(ModuleBlock module, NDManager manager) {
        var learning = module.getParameters().values().stream()
                .filter(Parameter::requiresGradient)
                .toList();
        var stretches = new ArrayList<Stretch>();
        long size = 0;
        for (int i = 0; i < learning.size(); i++) {
            Shape shape = learning.get(i).getArray().getShape();
            stretches.add(new Stretch(learning.get(i).getName(), size, size + shape.size(), shape));
            size += shape.size();
        }
        NDArray weights = owned(manager.zeros(new Shape(size), DataType.FLOAT32));
        var views = new ArrayList<NDArray>();
        for (int i = 0; i < learning.size(); i++) {
            NDArray view = owned(stretches.get(i).of(weights));
            InPlace.copy(learning.get(i).getArray(), view);
            views.add(view);
        }
        module.mirror(views, learning.stream().map(Parameter::getArray).toList());
        return new FlatParameters(module, weights, learning, List.copyOf(views), List.copyOf(stretches));
    }

    /** The network whose parameters these are. */
    Block block() {
        return block;
    }

    /** Every learning weight, end to end; changing it changes the parameters. */
    NDArray weights() {
        return weights;
    }

    /** Where each learning parameter lies, in order. */
    List<Stretch> stretches() {
        return stretches;
    }

    /** Each learning parameter's stretch of {@link #weights()}, in its shape, in order. */
    List<NDArray> arrays() {
        return views;
    }

    /**
     * Moves every learning parameter's gradient into one array, end to end in the layout of {@link #weights()}, and
     * leaves zeros behind. The engine adds each backward pass to the gradients it holds (which is what lets
     * micro-batches accumulate), so a step's gradients must not count again in the next.
     *
     * <p>The array is this layout's own, reused by every step (copying into it costs a quarter of concatenating the
     * gradients into a new one): it holds this step's gradient until the next call, and may be changed meanwhile.
     */
    NDArray takeGradient() {
        if (accumulated == null) {
            accumulated = parameters.stream()
                    .map(parameter -> owned(parameter.getArray().getGradient()))
                    .toList();
        }
        for (int i = 0; i < parameters.size(); i++) {
            InPlace.copy(accumulated.get(i), gradients.get(i));
            // a fill, where subtracting a gradient from itself would read it twice and keep a NaN
            JniUtils.zeroGrad((PtNDArray) parameters.get(i).getArray());
        }
        return gradient;
    }
}
