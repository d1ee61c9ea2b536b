package dev.anneal.training;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An uploaded TorchScript module as a network the loop trains. Its parameters are the module's own tensors, which
 * cannot be made views of the loop's flat weights ({@link FlatParameters}); so the flat weights are the truth, and are
 * copied into the module's tensors before each forward pass and before the module is saved. The module's buffers
 * (batch norm's running statistics) live in the module alone, and a checkpoint keeps the whole module.
 */
final class ModuleBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final PtSymbolBlock module;
    /** Each learning parameter: its stretch of the flat weights, and the module's tensor it is copied into. */
    private final List<NDArray[]> mirrors = new ArrayList<>();

    private ModuleBlock(PtSymbolBlock module) {
        super(VERSION);
        this.module = addChildBlock("module", module);
    }

    /** The module uploaded as {@code file}, with trainable parameters, in training mode. */
    static ModuleBlock load(NDManager manager, Path file) {
        return new ModuleBlock(ModuleCheck.load(manager, file));
    }

    /** The module a checkpoint saved in {@code weights} ({@link #saveParameters}), buffers and all. */
    static ModuleBlock loadSaved(NDManager manager, Path weights) throws IOException, MalformedModelException {
        try (var in = new DataInputStream(new BufferedInputStream(Files.newInputStream(weights)))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new MalformedModelException(
                        "a module checkpoint of version %d, not %d".formatted(version, VERSION));
            }
            in.readByte(); // the module's own version byte, as PtSymbolBlock writes it
            long handle = JniUtils.loadModuleHandle(in, manager.getDevice(), false, true);
            var module = new PtSymbolBlock((PtNDManager) manager, handle);
            module.freezeParameters(false);
            JniUtils.enableTrainingMode(module);
            return new ModuleBlock(module);
        }
    }

    /** Copies {@code views} (stretches of the flat weights) into {@code tensors} (the module's) before every use. */
    void mirror(List<NDArray> views, List<NDArray> tensors) {
        mirrors.clear();
        for (int i = 0; i < views.size(); i++) {
            mirrors.add(new NDArray[] {views.get(i), tensors.get(i)});
        }
    }

    /** The flat weights into the module's tensors, outside autograd (an in-place write to a leaf it records fails). */
    private void push() {
        boolean recording = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            for (NDArray[] mirror : mirrors) {
                InPlace.copy(mirror[0], mirror[1]);
            }
        } finally {
            JniUtils.setGradMode(recording);
        }
    }

    /**
     * Runs the module on the flat weights. TorchScript's graph executor is told not to optimise, on this thread: once
     * a training pass has specialised the graph for parameters that want gradients, its optimised plan saves tensors
     * for backward in evaluation too, where DJL runs the module in inference mode, and PyTorch refuses to save
     * inference tensors (a module of linear layers failed its first evaluation so; UploadedModelRunTests).
     */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        push();
        JniUtils.setGraphExecutorOptimize(false);
        return module.forward(parameterStore, inputs, training, params);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        module.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return module.getOutputShapes(inputShapes);
    }

    /** The whole module with the current weights: parameters and buffers, as a checkpoint keeps it. */
    @Override
    public void saveParameters(DataOutputStream os) throws IOException {
        push();
        os.writeByte(VERSION);
        module.saveParameters(os);
    }

    /** The module as a plain TorchScript file, with the current weights: what a run hands back. */
    void export(java.io.OutputStream out) {
        push();
        JniUtils.enableInferenceMode(module); // saved for prediction, as torch.jit.load's user expects
        try {
            JniUtils.writeModule(module, out, false);
        } finally {
            JniUtils.enableTrainingMode(module);
        }
    }
}
