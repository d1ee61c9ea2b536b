package dev.anneal.library;

import java.time.Instant;
import java.util.UUID;

/**
 * A dataset a team uploaded, as the API shows it.
 *
 * @param id its id
 * @param name its name
 * @param notes what its uploader said of it
 * @param format how its file holds it
 * @param sha256 its file's SHA-256: where the artifact store keeps it, and the fingerprint of every run on it
 * @param sizeBytes its file's length
 * @param manifest what it says of itself
 * @param description what reading it at upload found
 * @param owner who uploaded it
 * @param createdAt when
 */
public record UploadedDataset(
        UUID id,
        String name,
        String notes,
        DatasetManifest.Format format,
        String sha256,
        long sizeBytes,
        DatasetManifest manifest,
        DatasetDescription description,
        String owner,
        Instant createdAt) {}
