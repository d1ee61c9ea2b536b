package dev.anneal.library;

import dev.anneal.access.Actor;
import dev.anneal.access.NotPermittedException;
import dev.anneal.artifacts.ArtifactId;
import dev.anneal.artifacts.ArtifactReleases;
import dev.anneal.artifacts.ArtifactStore;
import dev.anneal.run.Runs;
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
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/**
 * The datasets a team uploaded: read whole at upload (a CSV, an {@code .npz}, an image-folder zip), refused naming the
 * row, file or field at fault, described (examples, shape, classes, ranges), kept by content in the artifact store,
 * listed, read, downloaded and deleted by whoever may.
 */
@Service
public class Datasets {

    private final JdbcTemplate jdbc;
    private final Runs runs;
    private final ArtifactStore store;
    private final ArtifactReleases releases;
    private final JsonMapper json;
    private final Clock clock;
    private final long maxValues;
    /** One dataset read at a time: each is held in memory whole, up to the bound. */
    private final Semaphore reading = new Semaphore(1, true);

    Datasets(
            JdbcTemplate jdbc,
            Runs runs,
            ArtifactStore store,
            ArtifactReleases releases,
            JsonMapper json,
            Clock clock,
            @Value("${anneal.datasets.max-memory:1GB}") DataSize maxMemory) {
        this.jdbc = jdbc;
        this.runs = runs;
        this.store = store;
        this.releases = releases;
        this.json = json;
        this.clock = clock;
        // one Java array holds them: a bound past that is the most there can be
        this.maxValues = Math.min(maxMemory.toBytes() / Float.BYTES, Integer.MAX_VALUE - 8);
    }

    /**
     * Reads, checks and stores the dataset {@code content} holds, described by {@code manifest}, as {@code actor}'s.
     * Refuses with an {@link InvalidFieldException} naming {@code file} (and the row, array or image) or
     * {@code manifest.*}; stores nothing then.
     */
    public UploadedDataset upload(Actor actor, DatasetManifest manifest, InputStream content) throws IOException {
        if (find(manifest.name()).isPresent()) {
            throw taken(manifest.name());
        }
        Path file = Uploads.spool(content, store.maxBytes(), ".data");
        try {
            var parsed = parse(file, manifest);
            var description = DatasetDescription.of(parsed);
            var preview = DatasetPreview.of(parsed);
            var artifact = store.put(Files.newInputStream(file), store.maxBytes());
            var dataset = new UploadedDataset(
                    UUID.randomUUID(),
                    manifest.name(),
                    manifest.notes(),
                    manifest.format(),
                    artifact.id().sha256(),
                    artifact.size(),
                    manifest,
                    description,
                    actor.username(),
                    clock.instant());
            insert(dataset, preview);
            return dataset;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The examples of dataset {@code id}, read from its stored file as at upload. */
    public ParsedDataset read(UUID id) throws IOException {
        var dataset = get(id);
        try (var in = open(id)) {
            Path file = Uploads.spool(in, Long.MAX_VALUE, ".data");
            try {
                return parse(file, dataset.manifest());
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Every uploaded dataset, newest first. */
    public List<UploadedDataset> all() {
        return jdbc.query("select * from uploaded_dataset order by created_at desc, name", this::dataset);
    }

    /** The dataset {@code id}; a {@link DatasetNotFoundException} when there is none. */
    public UploadedDataset get(UUID id) {
        return jdbc.query("select * from uploaded_dataset where id = ?", this::dataset, id).stream()
                .findFirst()
                .orElseThrow(() -> new DatasetNotFoundException(id.toString()));
    }

    /** The dataset named {@code name}, if there is one. */
    public Optional<UploadedDataset> find(String name) {
        return jdbc.query("select * from uploaded_dataset where name = ?", this::dataset, name).stream()
                .findFirst();
    }

    /**
     * A few of dataset {@code id}'s examples, as drawn at upload; none for a dataset uploaded before previews were
     * drawn.
     */
    public Optional<DatasetPreview> preview(UUID id) {
        get(id); // a DatasetNotFoundException for an unknown one
        return jdbc
                .query(
                        "select preview from uploaded_dataset where id = ? and preview is not null",
                        (rs, row) -> json.readValue(rs.getString("preview"), DatasetPreview.class),
                        id)
                .stream()
                .findFirst();
    }

    /** The bytes of dataset {@code id}'s file, as uploaded; the caller closes the stream. */
    public InputStream open(UUID id) throws IOException {
        var dataset = get(id);
        return store.open(new ArtifactId(dataset.sha256()))
                .orElseThrow(() -> new IllegalStateException("the artifact store lost dataset " + dataset.name()));
    }

    /** Deletes dataset {@code id}, as {@code actor} (its owner or an admin). */
    public void delete(UUID id, Actor actor) throws IOException {
        var dataset = get(id);
        if (!actor.mayChangeWhatBelongsTo(dataset.owner())) {
            throw new NotPermittedException(
                    "only the dataset's owner (%s) or an admin may delete it".formatted(dataset.owner()));
        }
        var using = runs.activeUsing(id);
        if (!using.isEmpty()) {
            throw new InUseException(
                    "the dataset %s is in use by a queued or training run (%s): delete it once they end"
                            .formatted(dataset.name(), String.join(", ", using)));
        }
        jdbc.update("delete from uploaded_dataset where id = ?", id);
        releases.release(new ArtifactId(dataset.sha256()));
    }

    private ParsedDataset parse(Path file, DatasetManifest manifest) throws IOException {
        reading.acquireUninterruptibly();
        try {
            return switch (manifest.format()) {
                case CSV -> CsvData.read(file, manifest.label(), manifest.classification(), maxValues);
                case NPZ -> NpzData.read(file, manifest.classification(), maxValues);
                case IMAGE_FOLDER -> ImageFolderData.read(file, manifest.imageSize(), manifest.channels(), maxValues);
            };
        } finally {
            reading.release();
        }
    }

    private void insert(UploadedDataset dataset, DatasetPreview preview) {
        try {
            jdbc.update(
                    "insert into uploaded_dataset (id, name, format, sha256, size_bytes, manifest, description, preview,"
                            + " owner, created_at)"
                            + " values (?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), cast(? as jsonb), ?, ?)",
                    dataset.id(),
                    dataset.name(),
                    dataset.format().apiName(),
                    dataset.sha256(),
                    dataset.sizeBytes(),
                    json.writeValueAsString(dataset.manifest()),
                    json.writeValueAsString(dataset.description()),
                    json.writeValueAsString(preview),
                    dataset.owner(),
                    Timestamp.from(dataset.createdAt()));
        } catch (DuplicateKeyException e) {
            throw taken(dataset.name()); // uploaded at the same moment under the same name
        }
    }

    private static InvalidFieldException taken(String name) {
        return new InvalidFieldException(
                "manifest.name",
                "manifest.name: a dataset %s exists already; upload this one under a new name".formatted(name));
    }

    private UploadedDataset dataset(ResultSet rs, int row) throws SQLException {
        var manifest = json.readValue(rs.getString("manifest"), DatasetManifest.class);
        return new UploadedDataset(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                manifest.notes(),
                manifest.format(),
                rs.getString("sha256"),
                rs.getLong("size_bytes"),
                manifest,
                json.readValue(rs.getString("description"), DatasetDescription.class),
                rs.getString("owner"),
                rs.getTimestamp("created_at").toInstant());
    }
}
