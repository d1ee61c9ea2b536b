package dev.anneal.library;

import dev.anneal.run.RunSpec;
import dev.anneal.run.UploadedModels;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The run module's view of the uploaded models: what a launch with one records of it, by id or {@code name:version}. */
@Component
class ModelFacts implements UploadedModels {

    private final Models models;

    ModelFacts(Models models) {
        this.models = models;
    }

    @Override
    public Optional<RunSpec.UploadedModel> find(String reference) {
        return byId(reference).or(() -> byName(reference)).map(ModelFacts::facts);
    }

    @Override
    public java.util.List<RunSpec.UploadedModel> all() {
        return models.all().stream().map(ModelFacts::facts).toList();
    }

    private Optional<UploadedModel> byId(String reference) {
        try {
            return Optional.of(models.get(UUID.fromString(reference)));
        } catch (IllegalArgumentException | ModelNotFoundException e) {
            return Optional.empty(); // not an id, or nobody's
        }
    }

    private Optional<UploadedModel> byName(String reference) {
        int colon = reference.lastIndexOf(':');
        return colon < 1
                ? Optional.empty()
                : models.find(reference.substring(0, colon), reference.substring(colon + 1));
    }

    private static RunSpec.UploadedModel facts(UploadedModel model) {
        var manifest = model.manifest();
        boolean classifies = manifest.task() == ModelManifest.Task.CLASSIFICATION;
        return new RunSpec.UploadedModel(
                model.id(),
                model.name(),
                model.version(),
                model.sha256(),
                manifest.inputShape(),
                classifies ? manifest.classes() : 0,
                classifies ? 0 : manifest.outputs());
    }
}
