package dev.anneal.ingest;

import dev.anneal.access.Actor;
import dev.anneal.artifacts.ArtifactId;
import dev.anneal.artifacts.ArtifactStore;
import dev.anneal.run.Runs;
import dev.anneal.web.InvalidFieldException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The files a script logs with its run (MLflow's {@code log_artifact}, and what autolog writes): each stored by content
 * in the {@link ArtifactStore}, under a path of the run's own; the database holds the path, the content's SHA-256 and
 * its size. Writing one takes the run's owner or an admin, and an external run; reading one anyone who may read runs.
 */
@Service
public class RunArtifacts {

    /** The longest path under a run. */
    public static final int MAX_PATH = 1000;

    /** The most artifacts one run holds. */
    public static final int MAX_PER_RUN = 10_000;

    private static final Pattern SEGMENT = Pattern.compile("[^/\\\\\\p{Cntrl}]+");

    private final Runs runs;
    private final ArtifactStore store;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    RunArtifacts(Runs runs, ArtifactStore store, JdbcTemplate jdbc, Clock clock) {
        this.runs = runs;
        this.store = store;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * One artifact of a run, or a folder of them.
     *
     * @param path its path under the run's root (for a listing, under the folder listed)
     * @param directory whether it is a folder
     * @param size its size in bytes; {@code null} for a folder
     */
    public record Entry(String path, boolean directory, Long size) {}

    /** A stored artifact's bytes and size; the caller closes the stream. */
    public record Opened(InputStream content, long size) {}

    /**
     * Stores {@code content} as {@code path} of the run {@code runId}, replacing what that path held. Refused past the
     * store's size limit ({@link dev.anneal.artifacts.ArtifactTooLargeException}), for a bad path (400), or when the
     * actor may not log to the run.
     */
    public Entry put(UUID runId, String path, InputStream content, Actor actor) {
        runs.requireLoggable(runId, actor);
        String checked = checkPath(path);
        int held = jdbc.queryForObject("select count(*) from run_artifact where run_id = ?", Integer.class, runId);
        if (held >= MAX_PER_RUN) {
            throw new InvalidFieldException("path", "a run holds at most %d artifacts".formatted(MAX_PER_RUN));
        }
        try {
            var stored = store.put(content, store.maxBytes());
            jdbc.update(
                    "insert into run_artifact (run_id, path, sha256, size_bytes, created_at) values (?, ?, ?, ?, ?)"
                            + " on conflict (run_id, path) do update set sha256 = excluded.sha256,"
                            + " size_bytes = excluded.size_bytes, created_at = excluded.created_at",
                    runId,
                    checked,
                    stored.id().sha256(),
                    stored.size(),
                    Timestamp.from(clock.instant()));
            return new Entry(checked, false, stored.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The artifact at {@code path} of the run {@code runId}, if it has one. */
    public Optional<Opened> open(UUID runId, String path) {
        runs.requireExists(runId);
        var found = jdbc.query(
                "select sha256, size_bytes from run_artifact where run_id = ? and path = ?",
                (rs, i) -> new Object[] {rs.getString(1), rs.getLong(2)},
                runId,
                checkPath(path));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        try {
            return store.open(new ArtifactId((String) found.get(0)[0]))
                    .map(in -> new Opened(in, (Long) found.get(0)[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the folder {@code folder} ({@code ""} or {@code null}: the run's root) of the run holds, files and folders. */
    public List<Entry> list(UUID runId, String folder) {
        runs.requireExists(runId);
        String prefix = folder == null || folder.isBlank() ? "" : checkPath(folder) + "/";
        var entries = new LinkedHashMap<String, Entry>();
        jdbc.query(
                "select path, size_bytes from run_artifact where run_id = ? and starts_with(path, ?) order by path",
                rs -> {
                    String rest = rs.getString(1).substring(prefix.length());
                    int slash = rest.indexOf('/');
                    if (slash < 0) {
                        entries.put(rest, new Entry(prefix + rest, false, rs.getLong(2)));
                    } else {
                        String name = rest.substring(0, slash);
                        entries.putIfAbsent(name + "/", new Entry(prefix + name, true, null));
                    }
                },
                runId,
                prefix);
        return new ArrayList<>(entries.values());
    }

    /** {@code path}, checked: relative, its parts neither empty nor {@code .} nor {@code ..}, no backslash. */
    static String checkPath(String path) {
        if (path == null || path.isEmpty() || path.length() > MAX_PATH) {
            throw new InvalidFieldException("path", "an artifact path is 1 to %d characters".formatted(MAX_PATH));
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".")
                    || segment.equals("..")
                    || !SEGMENT.matcher(segment).matches()) {
                throw new InvalidFieldException(
                        "path",
                        "an artifact path is relative, its parts separated by single slashes, none of them . or .., without backslashes or control characters; %s is not"
                                .formatted(path.length() > 80 ? path.substring(0, 80) + "…" : path));
            }
        }
        return path;
    }
}
