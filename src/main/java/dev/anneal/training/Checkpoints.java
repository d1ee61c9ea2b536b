package dev.anneal.training;

import dev.anneal.database.OutageRetry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where checkpoints live: a directory per checkpoint ({@code <root>/<run>/step-<n>}) with the weights, the
 * optimizer's buffers and {@link CheckpointState}, and a row in table {@code checkpoint} saying where it is. A
 * checkpoint's directory is complete before its row exists, so a crash mid-write leaves the previous one in charge.
 */
final class Checkpoints {

    static final String WEIGHTS = "weights.params";
    static final String OPTIMIZER = "optimizer.ndlist";
    static final String STATE = "state.json";
    static final String AVERAGE = "average.ndlist";

    private final Path root;
    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final OutageRetry retry;

    Checkpoints(Path root, JdbcTemplate jdbc, JsonMapper json, OutageRetry retry) {
        this.root = root;
        this.jdbc = jdbc;
        this.json = json;
        this.retry = retry;
    }

    /** Files of one checkpoint being written. */
    interface Writer {
        void write(Path directory) throws IOException;
    }

    /** Writes a checkpoint at {@code state.step()} and records it; returns its directory. */
    Path save(UUID runId, double epoch, CheckpointState state, Writer tensors) {
        Path directory = root.resolve(runId.toString()).resolve("step-" + state.step());
        Path partial = root.resolve(runId.toString()).resolve("step-" + state.step() + ".partial");
        try {
            deleteRecursively(partial);
            Files.createDirectories(partial);
            tensors.write(partial);
            Files.writeString(partial.resolve(STATE), json.writeValueAsString(state));
            deleteRecursively(directory);
            Files.move(partial, directory, StandardCopyOption.ATOMIC_MOVE);
            long size;
            try (Stream<Path> files = Files.list(directory)) {
                size = files.mapToLong(file -> file.toFile().length()).sum();
            }
            retry.run("recording a checkpoint", () -> record(runId, epoch, state, directory, size));
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write a checkpoint to " + directory, e);
        }
    }

    /** The checkpoint's row, written again as it was when retried: the step is its key. */
    private void record(UUID runId, double epoch, CheckpointState state, Path directory, long size) {
        jdbc.update(
                """
                    insert into checkpoint (run_id, step, epoch, path, size_bytes, schedule_state, data_position)
                    values (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)
                    on conflict (run_id, step) do update
                    set epoch = excluded.epoch, path = excluded.path, size_bytes = excluded.size_bytes,
                        schedule_state = excluded.schedule_state, data_position = excluded.data_position,
                        created_at = now()
                    """,
                runId,
                Math.toIntExact(state.step()),
                epoch,
                directory.toString(),
                size,
                json.writeValueAsString(state.schedule()),
                json.writeValueAsString(new DataPosition(state.epoch(), state.batch())));
    }

    /**
     * Where a checkpoint resumes in the data.
     *
     * @param epoch the epoch
     * @param batch the next batch of it
     */
    record DataPosition(int epoch, int batch) {}

    /** The run's latest checkpoint whose files are still there. */
    Optional<Path> latest(UUID runId) {
        return jdbc
                .queryForList("select path from checkpoint where run_id = ? order by step desc", String.class, runId)
                .stream()
                .map(Path::of)
                .filter(directory -> Files.isRegularFile(directory.resolve(STATE)))
                .findFirst();
    }

    CheckpointState state(Path directory) {
        try {
            return json.readValue(Files.readString(directory.resolve(STATE)), CheckpointState.class);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the checkpoint in " + directory, e);
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
