package dev.anneal.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Where artifacts live, by content. Storing the same bytes twice stores them once and answers the same id; a stored
 * artifact never changes, so a reader needs no lock. Every store enforces {@link #maxBytes()}: a caller may ask for
 * less, never for more.
 */
public interface ArtifactStore {

    /** The most bytes one artifact may hold in this store. */
    long maxBytes();

    /**
     * Stores everything {@code content} reads, up to {@code limit} bytes (at most {@link #maxBytes()}), and answers
     * where it is. Past the limit it stops reading, keeps nothing, and throws {@link ArtifactTooLargeException}.
     */
    Artifact put(InputStream content, long limit) throws IOException;

    /** The bytes of {@code id}, or empty when the store has no such artifact. The caller closes the stream. */
    Optional<InputStream> open(ArtifactId id) throws IOException;

    /** The stored artifact {@code id}, or empty when there is none. */
    Optional<Artifact> find(ArtifactId id) throws IOException;

    /** Removes {@code id}; answers whether there was such an artifact. */
    boolean delete(ArtifactId id) throws IOException;
}
