package dev.anneal.library;

import dev.anneal.artifacts.ArtifactId;
import dev.anneal.artifacts.ArtifactStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The models runs hand back: an uploaded module's final weights as a plain TorchScript file, kept by content in the
 * artifact store, which {@code torch.jit.load} opens and which predicts what Anneal evaluated.
 */
@Service
public class TrainedModels {

    /**
     * A run's trained model.
     *
     * @param sha256 its file's SHA-256
     * @param sizeBytes its length
     */
    public record Trained(String sha256, long sizeBytes) {}

    private final JdbcTemplate jdbc;
    private final ArtifactStore store;
    private final Clock clock;

    TrainedModels(JdbcTemplate jdbc, ArtifactStore store, Clock clock) {
        this.jdbc = jdbc;
        this.store = store;
        this.clock = clock;
    }

    /** Where the final model is among a run's trained models; a snapshot's place is its index, oldest first. */
    public static final int FINAL = -1;

    /**
     * Keeps {@code file} as run {@code runId}'s trained model: its final one ({@link #FINAL}) or snapshot
     * {@code snapshot}. Kept again if tried again: the same bytes are one artifact, and the file stays the caller's.
     */
    public void keep(UUID runId, int snapshot, Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            var artifact = store.put(in, store.maxBytes());
            jdbc.update("""
                    insert into trained_model (run_id, snapshot, sha256, size_bytes, created_at)
                    values (?, ?, ?, ?, ?)
                    on conflict (run_id, snapshot) do update set sha256 = excluded.sha256,
                        size_bytes = excluded.size_bytes, created_at = excluded.created_at
                    """, runId, snapshot, artifact.id().sha256(), artifact.size(), Timestamp.from(clock.instant()));
        }
    }

    /** Run {@code runId}'s trained model ({@link #FINAL}) or snapshot {@code snapshot}, if it handed one back. */
    public Optional<Trained> of(UUID runId, int snapshot) {
        return jdbc
                .query(
                        "select sha256, size_bytes from trained_model where run_id = ? and snapshot = ?",
                        (rs, i) -> new Trained(rs.getString(1), rs.getLong(2)),
                        runId,
                        snapshot)
                .stream()
                .findFirst();
    }

    /** The bytes of {@code trained}; the caller closes the stream. */
    public InputStream open(Trained trained) throws IOException {
        return store.open(new ArtifactId(trained.sha256()))
                .orElseThrow(() -> new IllegalStateException("the artifact store lost a trained model"));
    }
}
