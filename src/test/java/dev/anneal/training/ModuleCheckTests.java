package dev.anneal.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Uploaded TorchScript modules (src/test/python/make_model_fixtures.py, Debian's PyTorch 1.13) checked as training
 * will use them, and loaded in the mode training needs from its first step.
 */
class ModuleCheckTests {

    private static final Path MODELS = Path.of("src/test/resources/models");

    @BeforeAll
    static void offline() {
        System.setProperty("ai.djl.offline", "true");
    }

    private static ModuleCheck.Passed check(String file, List<Long> input, boolean classification, int outputs) {
        return ModuleCheck.check(MODELS.resolve(file), new ModuleCheck.Declared(input, classification, outputs));
    }

    @Test
    void shouldPassScriptedAndTracedModulesThatFitTheirManifest() {
        var cnn = check("cnn.pt", List.of(1L, 28L, 28L), true, 10);
        assertThat(cnn.parameters()).isEqualTo(8 * 9 + 8 + 16 + 16 * 8 * 9 + 16 + 32 + 784 * 32 + 32 + 32 * 10 + 10);
        assertThat(cnn.outputShape()).containsExactly(10L);
        assertThat(check("mlp.pt", List.of(20L), true, 3).parameters()).isEqualTo(20 * 32 + 32 + 32 * 3 + 3);
        assertThat(check("traced_mlp.pt", List.of(20L), true, 3).outputShape()).containsExactly(3L);
        assertThat(check("regressor.pt", List.of(8L), false, 1).outputShape()).containsExactly(1L);
    }

    @Test
    void shouldRefuseAModuleThatDoesNotFitItsManifestSayingHow() {
        assertThatThrownBy(() -> check("mlp.pt", List.of(20L), true, 10))
                .isInstanceOf(ModuleCheck.RefusedException.class)
                .hasMessage("the module's output has shape (4, 3) for a batch of 4, but a classifier with classes 10"
                        + " needs (4, 10)");
        assertThatThrownBy(() -> check("mlp.pt", List.of(1L, 28L, 28L), true, 3))
                .isInstanceOf(ModuleCheck.RefusedException.class)
                .hasMessageStartingWith("the module's forward pass failed on a batch of shape (4, 1, 28, 28)");
        assertThatThrownBy(() -> check("frozen.pt", List.of(20L), false, 20))
                .isInstanceOf(ModuleCheck.RefusedException.class)
                .hasMessage("the module has no trainable parameters: there is nothing to train");
        assertThatThrownBy(() -> check("state_dict.pth", List.of(20L), true, 3))
                .isInstanceOf(ModuleCheck.RefusedException.class)
                .hasMessageStartingWith("PyTorch cannot load it as TorchScript");
    }

    @Test
    void shouldTrainInTrainingModeFromTheFirstStepThoughPyTorchLoadsAModuleForEvaluation() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            var block = ModuleCheck.load(manager, MODELS.resolve("cnn.pt"));
            var input = new NDList(manager.ones(new Shape(8, 1, 28, 28)));
            var store = new ParameterStore(manager, false);

            var first = block.forward(store, input, true).singletonOrThrow();
            var second = block.forward(store, input, true).singletonOrThrow();
            assertThat(first.contentEquals(second))
                    .as("dropout draws anew at every training step, the first included")
                    .isFalse();
            var evaluated = block.forward(store, input, false).singletonOrThrow();
            assertThat(evaluated.contentEquals(
                            block.forward(store, input, false).singletonOrThrow()))
                    .as("and is off in evaluation")
                    .isTrue();
        }
    }
}
