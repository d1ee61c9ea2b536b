package dev.anneal.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A model's learning parameters laid end to end: views of one array, with their gradients gathered once a step. */
class FlatParametersTests {

    private static final Shape INPUT = new Shape(1, 2);
    private static final Supplier<Block> NETWORK = () -> Networks.mlp(List.of(4, 3), 2);

    private final NDManager manager = NDManager.newBaseManager();

    @BeforeAll
    static void offline() {
        System.setProperty("ai.djl.offline", "true");
        GradientTape.recordOnlyInTapes();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private FlatParameters flat() {
        Engine.getInstance().setRandomSeed(5);
        var flat = FlatParameters.build(any -> NETWORK.get(), manager, INPUT);
        flat.block().initialize(manager, DataType.FLOAT32, INPUT); // what the trainer does with it
        return flat;
    }

    private static List<Parameter> learning(Block block) {
        return block.getParameters().values().stream()
                .filter(Parameter::requiresGradient)
                .toList();
    }

    @Test
    void shouldStartFromTheWeightsTheNetworkWouldHaveDrawnItself() {
        var flat = flat();
        Engine.getInstance().setRandomSeed(5);
        Block plain = NETWORK.get();
        plain.initialize(manager, DataType.FLOAT32, INPUT);

        var own = learning(flat.block());
        var drawn = learning(plain);
        assertThat(own).hasSameSizeAs(drawn).hasSize(6);
        for (int i = 0; i < own.size(); i++) {
            assertThat(own.get(i).getArray().getShape())
                    .isEqualTo(drawn.get(i).getArray().getShape());
            assertThat(own.get(i).getArray().toFloatArray())
                    .containsExactly(drawn.get(i).getArray().toFloatArray());
        }
        assertThat(flat.weights().size()).isEqualTo(2 * 4 + 4 + 4 * 3 + 3 + 3 * 2 + 2);
        assertThat(flat.stretches())
                .extracting(FlatParameters.Stretch::name)
                .containsExactly(
                        "02Linear_weight",
                        "02Linear_bias",
                        "04Linear_weight",
                        "04Linear_bias",
                        "06Linear_weight",
                        "06Linear_bias");
    }

    @Test
    void shouldChangeEveryParameterThroughTheFlatWeights() {
        var flat = flat();
        var before = flat.arrays().stream().map(NDArray::toFloatArray).toList();

        flat.weights().subi(manager.create(1f));

        for (int i = 0; i < before.size(); i++) {
            float[] after = flat.arrays().get(i).toFloatArray();
            for (int j = 0; j < after.length; j++) {
                assertThat(after[j]).isEqualTo(before.get(i)[j] - 1f);
            }
        }
        // and the parameters are those arrays: the block computes with the changed weights
        assertThat(learning(flat.block()).get(0).getArray().toFloatArray())
                .containsExactly(flat.arrays().get(0).toFloatArray());
    }

    @Test
    void shouldGatherEveryGradientInTheLayoutAndLeaveZerosBehind() {
        var flat = flat();
        var arrays = flat.arrays();
        for (int step = 1; step <= 2; step++) { // the second step's gradients, not the first's again
            // a loss whose gradient is step for the first parameter's weights, 2 step for the second's, and so on
            try (var tape = new GradientTape()) {
                NDArray loss = manager.create(0f);
                for (int i = 0; i < arrays.size(); i++) {
                    loss = loss.add(arrays.get(i).sum().mul(step * (i + 1)));
                }
                tape.backward(loss);
            }

            float[] gradient = flat.takeGradient().toFloatArray();

            int at = 0;
            for (int i = 0; i < arrays.size(); i++) {
                for (long j = 0; j < arrays.get(i).size(); j++) {
                    assertThat(gradient[at++]).isEqualTo(step * (i + 1f));
                }
                assertThat(arrays.get(i).getGradient().toFloatArray()).containsOnly(0f);
            }
            assertThat(at).isEqualTo(gradient.length);
        }
    }

    @Test
    void shouldZeroAGradientThatWentNotANumber() {
        var flat = flat();
        NDArray weight = flat.arrays().get(0);
        try (var tape = new GradientTape()) {
            tape.backward(weight.mul(Float.NaN).sum());
        }

        assertThat(flat.takeGradient().toFloatArray()[0]).isNaN();
        assertThat(weight.getGradient().toFloatArray()).containsOnly(0f);
    }
}
