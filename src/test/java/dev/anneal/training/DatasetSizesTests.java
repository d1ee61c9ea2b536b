package dev.anneal.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anneal.run.RunSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The launch form estimates steps from the pool sizes the run module states ({@link RunSpec.DatasetName#poolSize});
 * they must be the sizes training really loads.
 */
class DatasetSizesTests {

    @TempDir
    private Path downloads;

    @ParameterizedTest
    @EnumSource(TrainingPlan.DataSource.class)
    void shouldStateThePoolSizeTrainingLoads(TrainingPlan.DataSource source) {
        var data = new Datasets(null, downloads)
                .prepare(new TrainingPlan.Data(source, 0.1, null, TrainingPlan.Augment.NONE), 1);

        assertThat(data.train().count() + data.validation().count())
                .isEqualTo(RunSpec.DatasetName.valueOf(source.name()).poolSize());
    }
}
