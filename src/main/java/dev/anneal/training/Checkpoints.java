package dev.anneal.training;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.Trainer;
import dev.anneal.database.OutageRetry;
import dev.anneal.metrics.EventLog;
import dev.anneal.metrics.ScheduleEvent;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where checkpoints live: a directory per checkpoint ({@code <root>/<run>/step-<n>}) with the weights, the
 * optimizer's buffers, the weight average and the {@link LoopState}, a row in table {@code checkpoint} saying where
 * it is, and a {@code CHECKPOINT} event of the run. A checkpoint's directory is complete before its row exists, so a
 * crash mid-write leaves the previous one in charge. The files' names and formats are known here and nowhere else.
 */
final class Checkpoints {

    static final String WEIGHTS = "weights.params";
    private static final String OPTIMIZER = "optimizer.ndlist";
    private static final String STATE = "state.json";
    private static final String AVERAGE = "average.ndlist";
    private static final String SNAPSHOT = "snapshot-%d.ndlist";

    private final Path root;
    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final OutageRetry retry;
    private final EventLog events;
    private final Clock clock;

    Checkpoints(Path root, JdbcTemplate jdbc, JsonMapper json, OutageRetry retry, EventLog events, Clock clock) {
        this.root = root;
        this.jdbc = jdbc;
        this.json = json;
        this.retry = retry;
        this.events = events;
        this.clock = clock;
    }

    /**
     * The tensors a checkpoint keeps beside its state.
     *
     * @param model the network whose weights are saved
     * @param optimizerBuffers the optimizer's buffers, encoded
     * @param average the stochastic weight average, or {@code null} when it holds nothing yet
     * @param snapshots the snapshots kept for the ensemble, as many as the state's marks
     */
    record Tensors(Block model, byte[] optimizerBuffers, WeightAverage average, SnapshotStore snapshots) {}

    /**
     * A checkpoint found on disk.
     *
     * @param directory where its files are
     * @param state the loop's state it saved
     */
    record Saved(Path directory, LoopState state) {}

    /**
     * Writes a checkpoint of {@code state} and {@code tensors}, records it and tells the run's events; returns its
     * directory.
     */
    Path save(UUID runId, double epoch, LoopState state, Tensors tensors) {
        Path directory = write(runId, epoch, state, output -> {
            try (var out =
                    new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(output.resolve(WEIGHTS))))) {
                tensors.model().saveParameters(out);
            }
            Files.write(output.resolve(OPTIMIZER), tensors.optimizerBuffers());
            if (tensors.average() != null) {
                Files.write(output.resolve(AVERAGE), tensors.average().encode());
            }
            for (int i = 0; state.snapshots() != null && i < state.snapshots().size(); i++) {
                Files.write(
                        output.resolve(SNAPSHOT.formatted(i)),
                        tensors.snapshots().encode(i));
            }
        });
        events.record(new ScheduleEvent(
                runId,
                ScheduleEvent.Kind.CHECKPOINT,
                Math.toIntExact(state.step()),
                epoch,
                null,
                null,
                clock.instant()));
        return directory;
    }

    /** Files of one checkpoint being written. */
    private interface Writer {
        void write(Path directory) throws IOException;
    }

    private Path write(UUID runId, double epoch, LoopState state, Writer tensors) {
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
    private void record(UUID runId, double epoch, LoopState state, Path directory, long size) {
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
    Optional<Saved> latest(UUID runId) {
        return jdbc
                .queryForList("select path from checkpoint where run_id = ? order by step desc", String.class, runId)
                .stream()
                .map(Path::of)
                .filter(directory -> Files.isRegularFile(directory.resolve(STATE)))
                .findFirst()
                .map(directory -> new Saved(directory, state(directory)));
    }

    /**
     * Puts the tensors of {@code saved} back: the weights into {@code trainer}'s model ({@code network} builds an
     * empty copy of it, for inputs of {@code inputShape}), the optimizer's buffers (in the layout of {@code learning},
     * the model's flat weights), the weight average and the snapshots.
     */
    void restore(
            Saved saved,
            Trainer trainer,
            NetworkSource network,
            Shape inputShape,
            StatefulOptimizer optimizer,
            FlatParameters learning,
            WeightAverage average,
            SnapshotStore snapshots) {
        var directory = saved.directory();
        try {
            if (!(trainer.getModel().getBlock() instanceof ModuleBlock)) {
                // an uploaded module was loaded from this checkpoint whole, buffers and all (TrainingLoop#network)
                loadWeights(trainer, network.build(trainer.getManager()), inputShape, directory.resolve(WEIGHTS));
            }
            byte[] buffers = Files.readAllBytes(directory.resolve(OPTIMIZER));
            optimizer.restore(
                    new StatefulOptimizer.Snapshot(saved.state().optimizerUpdates(), buffers),
                    learning.stretches(),
                    learning.weights());
            if (saved.state().averaged() != null) {
                average.restore(
                        Files.readAllBytes(directory.resolve(AVERAGE)),
                        saved.state().averaged());
            }
            var marks = saved.state().snapshots();
            if (marks != null && !marks.isEmpty()) {
                var encoded = new java.util.ArrayList<byte[]>();
                for (int i = 0; i < marks.size(); i++) {
                    encoded.add(Files.readAllBytes(directory.resolve(SNAPSHOT.formatted(i))));
                }
                snapshots.restore(marks, encoded);
            }
        } catch (IOException | MalformedModelException e) {
            throw new TrainingException(
                    "the checkpoint in %s cannot be read: %s".formatted(directory, e.getMessage()), e);
        }
    }

    /**
     * Writes the weights saved in {@code file} into the model's parameter arrays, in place. Loading them into the
     * model's block instead would swap in new arrays, while the trainer's parameter store goes on serving (and the
     * optimizer updating) the arrays it cached when the model was built: the run would carry on from its initial
     * weights. So they are loaded into {@code saved}, a fresh copy of the network, and copied across.
     */
    private static void loadWeights(Trainer trainer, Block saved, Shape inputShape, Path file)
            throws IOException, MalformedModelException {
        try (var in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)));
                NDManager scratch = trainer.getManager().newSubManager()) {
            saved.initialize(scratch, DataType.FLOAT32, inputShape);
            saved.loadParameters(scratch, in);
            var from = saved.getParameters().values();
            var into = trainer.getModel().getBlock().getParameters().values();
            for (int i = 0; i < into.size(); i++) {
                NDArray source = from.get(i).getArray();
                NDArray target = into.get(i).getArray();
                // a copy would broadcast some mismatches silently and fail on others with an engine message
                if (!source.getShape().equals(target.getShape())) {
                    throw new MalformedModelException("parameter %s has shape %s in the checkpoint but %s in the model"
                            .formatted(into.get(i).getName(), source.getShape(), target.getShape()));
                }
                InPlace.copy(source, target);
            }
        }
    }

    private LoopState state(Path directory) {
        try {
            return json.readValue(Files.readString(directory.resolve(STATE)), LoopState.class);
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
