package dev.anneal.library;

import dev.anneal.artifacts.ArtifactTooLargeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** What every upload does alike: spool the file to check it before storing it. */
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
}
