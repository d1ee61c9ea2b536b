package dev.anneal.library;

import dev.anneal.access.Actor;
import dev.anneal.access.NotPermittedException;
import dev.anneal.artifacts.ArtifactId;
import dev.anneal.artifacts.ArtifactReleases;
import dev.anneal.artifacts.ArtifactStore;
import dev.anneal.artifacts.ArtifactTooLargeException;
import dev.anneal.run.Runs;
import dev.anneal.training.ModuleCheck;
import dev.anneal.web.InvalidFieldException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * The models a team uploaded: checked at upload (the file is TorchScript, and one forward and backward pass on a
 * batch of its manifest's shape fits its task), kept by content in the artifact store, listed, read, downloaded and
 * deleted by whoever may.
 */
@Service
public class Models {

    /** Uploads checked at once: each loads a module into PyTorch, so an upload storm cannot take the memory. */
    static final int CHECKS_AT_ONCE = 2;

    private final JdbcTemplate jdbc;
    private final Runs runs;
    private final ArtifactStore store;
    private final ArtifactReleases releases;
    private final JsonMapper json;
    private final Clock clock;
    private final Semaphore checks = new Semaphore(CHECKS_AT_ONCE, true);

    Models(JdbcTemplate jdbc, Runs runs, ArtifactStore store, ArtifactReleases releases, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.runs = runs;
        this.store = store;
        this.releases = releases;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Checks and stores the model {@code content} holds, described by {@code manifest}, as {@code actor}'s. Refuses
     * with an {@link InvalidFieldException} naming {@code file} or {@code manifest.*} (what it is and what to send
     * instead), with an {@link ArtifactTooLargeException} past the store's limit; stores nothing then.
     */
    public UploadedModel upload(Actor actor, ModelManifest manifest, InputStream content) throws IOException {
        if (find(manifest.name(), manifest.version()).isPresent()) {
            throw taken(manifest);
        }
        Path file = Uploads.spool(content, store.maxBytes(), ".pt");
        try {
            var problem = ModelFile.problem(file);
            if (problem.isPresent()) {
                throw new InvalidFieldException("file", "file: " + problem.get());
            }
            var passed = check(file, manifest);
            var artifact = store.put(Files.newInputStream(file), store.maxBytes());
            var model = new UploadedModel(
                    UUID.randomUUID(),
                    manifest.name(),
                    manifest.version(),
                    manifest.notes(),
                    artifact.id().sha256(),
                    artifact.size(),
                    manifest,
                    passed.parameters(),
                    actor.username(),
                    clock.instant());
            insert(model);
            return model;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Every uploaded model, newest first. */
    public List<UploadedModel> all() {
        return jdbc.query("select * from uploaded_model order by created_at desc, name, version", this::model);
    }

    /** The model {@code id}; a {@link ModelNotFoundException} when there is none. */
    public UploadedModel get(UUID id) {
        return jdbc.query("select * from uploaded_model where id = ?", this::model, id).stream()
                .findFirst()
                .orElseThrow(() -> new ModelNotFoundException(id.toString()));
    }

    /** The model named {@code name} at {@code version}, if there is one. */
    public Optional<UploadedModel> find(String name, String version) {
        return jdbc
                .query("select * from uploaded_model where name = ? and version = ?", this::model, name, version)
                .stream()
                .findFirst();
    }

    /** The bytes of model {@code id}'s file; the caller closes the stream. */
    public InputStream open(UUID id) throws IOException {
        var model = get(id);
        return store.open(new ArtifactId(model.sha256()))
                .orElseThrow(() -> new IllegalStateException("the artifact store lost model " + model.reference()));
    }

    /**
     * Deletes model {@code id}, as {@code actor} (its owner or an admin); its file goes too unless another upload
     * holds the same bytes.
     */
    public void delete(UUID id, Actor actor) throws IOException {
        var model = get(id);
        if (!actor.mayChangeWhatBelongsTo(model.owner())) {
            throw new NotPermittedException(
                    "only the model's owner (%s) or an admin may delete it".formatted(model.owner()));
        }
        var using = runs.activeUsing(id);
        if (!using.isEmpty()) {
            throw new InUseException("the model %s is in use by a queued or training run (%s): delete it once they end"
                    .formatted(model.reference(), String.join(", ", using)));
        }
        jdbc.update("delete from uploaded_model where id = ?", id);
        releases.release(new ArtifactId(model.sha256())); // kept while a run or script holds the same bytes
    }

    private ModuleCheck.Passed check(Path file, ModelManifest manifest) {
        checks.acquireUninterruptibly();
        try {
            return ModuleCheck.check(file, manifest.declared());
        } catch (ModuleCheck.RefusedException e) {
            throw new InvalidFieldException("file", "file: " + e.getMessage());
        } finally {
            checks.release();
        }
    }

    private void insert(UploadedModel model) {
        try {
            jdbc.update(
                    "insert into uploaded_model (id, name, version, notes, sha256, size_bytes, manifest, parameters,"
                            + " owner, created_at) values (?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, ?)",
                    model.id(),
                    model.name(),
                    model.version(),
                    model.notes(),
                    model.sha256(),
                    model.sizeBytes(),
                    json.writeValueAsString(model.manifest()),
                    model.parameters(),
                    model.owner(),
                    Timestamp.from(model.createdAt()));
        } catch (DuplicateKeyException e) {
            throw taken(model.manifest()); // uploaded at the same moment under the same name and version
        }
    }

    private static InvalidFieldException taken(ModelManifest manifest) {
        return new InvalidFieldException(
                "manifest.version",
                "manifest.version: a model %s:%s exists already; upload this one as a new version"
                        .formatted(manifest.name(), manifest.version()));
    }

    private UploadedModel model(ResultSet rs, int row) throws SQLException {
        return new UploadedModel(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getString("version"),
                rs.getString("notes"),
                rs.getString("sha256"),
                rs.getLong("size_bytes"),
                json.readValue(rs.getString("manifest"), ModelManifest.class),
                rs.getLong("parameters"),
                rs.getString("owner"),
                rs.getTimestamp("created_at").toInstant());
    }
}
