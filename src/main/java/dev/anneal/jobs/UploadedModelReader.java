package dev.anneal.jobs;

import dev.anneal.library.ModelNotFoundException;
import dev.anneal.library.Models;
import dev.anneal.run.RunSpec;
import dev.anneal.training.TrainingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.springframework.stereotype.Component;

/**
 * Puts the uploaded TorchScript module a run trains on this machine's disk, where PyTorch loads it from: once per
 * file (by its SHA-256), in a folder of its own under the temporary directory. A module deleted or replaced since the
 * launch fails the run with a cause that says so.
 */
@Component
class UploadedModelReader {

    private final Models models;
    private final Path cache = Path.of(System.getProperty("java.io.tmpdir"), "anneal-models");

    UploadedModelReader(Models models) {
        this.models = models;
    }

    /** The local file of {@code facts}' module. */
    Path file(RunSpec.UploadedModel facts) {
        try {
            var now = models.get(facts.id());
            if (!now.sha256().equals(facts.sha256())) {
                throw new TrainingException("the uploaded model %s:%s is not the file the run was launched with"
                        .formatted(facts.name(), facts.version()));
            }
            Path file = cache.resolve(facts.sha256() + ".pt");
            if (!Files.isRegularFile(file) || Files.size(file) != now.sizeBytes()) {
                Files.createDirectories(cache);
                Path partial = Files.createTempFile(cache, facts.sha256(), ".partial");
                try (var in = models.open(facts.id())) {
                    Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return file;
        } catch (ModelNotFoundException e) {
            throw new TrainingException(
                    "the uploaded model %s:%s (%s) was deleted after the run was launched: upload it"
                                    .formatted(facts.name(), facts.version(), facts.id())
                            + " again and launch the run anew");
        } catch (IOException e) {
            throw new TrainingException("the uploaded model %s:%s could not be read: %s"
                    .formatted(facts.name(), facts.version(), e.getMessage()));
        }
    }
}
