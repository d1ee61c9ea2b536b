package dev.anneal.library;

import java.time.Instant;
import java.util.UUID;

/**
 * A model a team uploaded, as the API shows it.
 *
 * @param id its id
 * @param name its name
 * @param version its version; with the name, names it ({@code name:version})
 * @param notes what its uploader said of it
 * @param sha256 its file's SHA-256: where the artifact store keeps it, and what a run records
 * @param sizeBytes its file's length
 * @param manifest what it says of itself
 * @param parameters its trainable parameters, in numbers, as the check at upload counted them
 * @param owner who uploaded it
 * @param createdAt when
 */
public record UploadedModel(
        UUID id,
        String name,
        String version,
        String notes,
        String sha256,
        long sizeBytes,
        ModelManifest manifest,
        long parameters,
        String owner,
        Instant createdAt) {

    /** How a launch names it: {@code name:version}. */
    public String reference() {
        return name + ":" + version;
    }
}
