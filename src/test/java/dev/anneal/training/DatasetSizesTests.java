package dev.anneal.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anneal.run.RunSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The launch form estimates steps from the pool sizes the run module states ({@link RunSpec.DatasetName#poolSize}), and
 * a launch checks an uploaded model against the example shapes and classes it states: they must be what training
 * really loads.
 */
class DatasetSizesTests {

    @TempDir
    private Path downloads;

    @ParameterizedTest
    @EnumSource(TrainingPlan.DataSource.class)
    void shouldStateThePoolSizeShapeAndClassesTrainingLoads(TrainingPlan.DataSource source) {
        var data = new Datasets(null, downloads)
                .prepare(new TrainingPlan.Data(source, 0.1, null, TrainingPlan.Augment.NONE), 1);

        var stated = RunSpec.DatasetName.valueOf(source.name());
        assertThat(data.train().count() + data.validation().count()).isEqualTo(stated.poolSize());
        assertThat(data.train().exampleShape())
                .containsExactly(stated.exampleShape().stream()
                        .mapToLong(Long::longValue)
                        .toArray());
        assertThat(data.classes()).isEqualTo(stated.classes());
    }
}
