package dev.anneal.jobs;

import dev.anneal.library.DatasetNotFoundException;
import dev.anneal.library.Datasets;
import dev.anneal.library.LabelledArrays;
import dev.anneal.run.RunSpec;
import dev.anneal.training.DataException;
import dev.anneal.training.TrainingPlan;
import java.io.IOException;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Reads the uploaded dataset a run trains on, in the worker that trains it, as it was when the run was launched: a
 * dataset deleted or replaced since fails the run with a cause that says so, rather than training on other data.
 */
@Component
class UploadedDataReader {

    private final Datasets datasets;

    UploadedDataReader(Datasets datasets) {
        this.datasets = datasets;
    }

    /** What reads {@code facts}' dataset when training prepares its data. */
    Supplier<TrainingPlan.Uploaded> reading(RunSpec.UploadedData facts) {
        return () -> read(facts);
    }

    private TrainingPlan.Uploaded read(RunSpec.UploadedData facts) {
        try {
            var now = datasets.get(facts.id());
            if (!now.sha256().equals(facts.sha256())) {
                throw new DataException(
                        "the uploaded dataset %s is not the file the run was launched on (SHA-256 %s, now %s)"
                                .formatted(facts.name(), facts.sha256(), now.sha256()));
            }
            var parsed = datasets.read(facts.id());
            return new TrainingPlan.Uploaded(
                    facts.name(),
                    facts.sha256(),
                    facts.classes(),
                    given(parsed.train()),
                    given(parsed.validation()),
                    given(parsed.test()));
        } catch (DatasetNotFoundException e) {
            throw new DataException(
                    "the uploaded dataset %s (%s) was deleted after the run was launched: upload it again"
                                    .formatted(facts.name(), facts.id())
                            + " and launch the run anew");
        } catch (IOException e) {
            throw new DataException(
                    "the uploaded dataset %s could not be read: %s".formatted(facts.name(), e.getMessage()));
        }
    }

    private static TrainingPlan.Given given(LabelledArrays arrays) {
        return arrays == null
                ? null
                : new TrainingPlan.Given(arrays.features(), arrays.targets(), arrays.exampleShape());
    }
}
