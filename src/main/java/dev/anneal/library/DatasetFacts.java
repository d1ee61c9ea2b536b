package dev.anneal.library;

import dev.anneal.run.RunSpec;
import dev.anneal.run.UploadedDatasets;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The run module's view of the uploaded datasets: what a launch on one records of it, found by id or by name. */
@Component
class DatasetFacts implements UploadedDatasets {

    private final Datasets datasets;

    DatasetFacts(Datasets datasets) {
        this.datasets = datasets;
    }

    @Override
    public Optional<RunSpec.UploadedData> find(String reference) {
        return byId(reference).or(() -> datasets.find(reference)).map(DatasetFacts::facts);
    }

    @Override
    public java.util.List<RunSpec.UploadedData> all() {
        return datasets.all().stream().map(DatasetFacts::facts).toList();
    }

    private Optional<UploadedDataset> byId(String reference) {
        try {
            return Optional.of(datasets.get(UUID.fromString(reference)));
        } catch (IllegalArgumentException | DatasetNotFoundException e) {
            return Optional.empty(); // not an id, or nobody's
        }
    }

    private static RunSpec.UploadedData facts(UploadedDataset dataset) {
        var described = dataset.description();
        return new RunSpec.UploadedData(
                dataset.id(),
                dataset.name(),
                dataset.sha256(),
                described.examples().train(),
                described.examples().validation(),
                described.examples().test(),
                described.exampleShape(),
                described.classCount() == null ? 0 : described.classCount());
    }
}
