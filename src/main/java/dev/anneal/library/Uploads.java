package dev.anneal.library;

import dev.anneal.artifacts.ArtifactId;
import dev.anneal.artifacts.ArtifactStore;
import dev.anneal.artifacts.ArtifactTooLargeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.jdbc.core.JdbcTemplate;

/** What every upload does alike: spool the file to check it before storing it, and let go of a file nobody holds. */
final class Uploads {

    private Uploads() {}

    /**
     * Copies {@code content} to a new temporary file, up to {@code limit} bytes; past it, deletes the file and throws
     * {@link ArtifactTooLargeException}. The caller deletes the file.
     */
    static Path spool(InputStream content, long limit, String suffix) throws IOException {
        Path file = Files.createTempFile("anneal-upload-", suffix);
        try (var out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int read; (read = content.read(buffer)) != -1; ) {
                total += read;
                if (total > limit) {
                    throw new ArtifactTooLargeException(limit);
                }
                out.write(buffer, 0, read);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return file;
    }

    /**
     * Deletes artifact {@code sha256} from {@code store} unless an uploaded model or dataset still holds the same bytes.
     */
    static void release(JdbcTemplate jdbc, ArtifactStore store, String sha256) throws IOException {
        Integer holders = jdbc.queryForObject(
                "select (select count(*) from uploaded_model where sha256 = ?)"
                        + " + (select count(*) from uploaded_dataset where sha256 = ?)",
                Integer.class,
                sha256,
                sha256);
        if (holders == 0) {
            store.delete(new ArtifactId(sha256));
        }
    }
}
