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
 * file (by its SHA-256), in a folder this process creates for itself (owner-only, under a random name) in the
 * temporary directory. A shared, well-known folder would let another local user put a file of the same name and size
 * there first, and PyTorch would run their code. A module deleted or replaced since the launch fails the run with a
 * cause that says so.
 */
@Component
class UploadedModelReader {

    private final Models models;
    private Path cache;

    UploadedModelReader(Models models) {
        this.models = models;
    }

    /** This process's own folder of modules, made on first use (createTempDirectory: owner-only, unguessable). */
    private synchronized Path cache() throws IOException {
        if (cache == null) {
            cache = Files.createTempDirectory("anneal-models-");
            cache.toFile().deleteOnExit();
        }
        return cache;
    }

    /** The local file of {@code facts}' module. */
    Path file(RunSpec.UploadedModel facts) {
        try {
            var now = models.get(facts.id());
            if (!now.sha256().equals(facts.sha256())) {
                throw new TrainingException("the uploaded model %s:%s is not the file the run was launched with"
                        .formatted(facts.name(), facts.version()));
            }
            Path folder = cache();
            Path file = folder.resolve(facts.sha256() + ".pt");
            if (!Files.isRegularFile(file) || Files.size(file) != now.sizeBytes()) {
                Path partial = Files.createTempFile(folder, facts.sha256(), ".partial");
                try (var in = models.open(facts.id())) {
                    Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                file.toFile().deleteOnExit();
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
