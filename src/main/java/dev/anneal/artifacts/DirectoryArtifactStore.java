package dev.anneal.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Artifacts as files under one directory, at {@code ab/cd/abcd…} by their SHA-256: two levels of 256 directories, so
 * none holds more than a few thousand files in a store of millions.
 *
 * <p>Content goes to a file of its own in {@code incoming/}, hashed as it is written and forced to disk, then moves
 * into place in one rename. A reader never sees half a file; a crash leaves at most a stray file in
 * {@code incoming/}, cleared at the next start; two writers of the same bytes both end with the one file. The
 * directories and files are the owner's alone (where the file system has POSIX permissions): models and datasets are
 * a team's own work.
 */
public final class DirectoryArtifactStore implements ArtifactStore {

    private static final int BUFFER = 64 * 1024;

    private final Path root;
    private final Path incoming;
    private final long maxBytes;
    private final boolean posix =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    /** A store under {@code root} (created if missing) of artifacts up to {@code maxBytes} each. */
    public DirectoryArtifactStore(Path root, long maxBytes) throws IOException {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("an artifact store's size limit must be positive but was " + maxBytes);
        }
        this.root = root.toAbsolutePath();
        this.incoming = this.root.resolve("incoming");
        this.maxBytes = maxBytes;
        createPrivateDirectories(incoming);
        try (Stream<Path> strays = Files.list(incoming)) { // left by a process that stopped mid-write
            for (Path stray : strays.toList()) {
                Files.deleteIfExists(stray);
            }
        }
    }

    @Override
    public long maxBytes() {
        return maxBytes;
    }

    @Override
    public Artifact put(InputStream content, long limit) throws IOException {
        long allowed = Math.min(limit, maxBytes);
        Path part = posix
                ? Files.createTempFile(incoming, "put-", ".part", ownerOnly("rw-------"))
                : Files.createTempFile(incoming, "put-", ".part");
        try {
            MessageDigest sha256 = sha256();
            long size = 0;
            try (FileChannel out = FileChannel.open(part, StandardOpenOption.WRITE)) {
                byte[] buffer = new byte[BUFFER];
                for (int read = content.read(buffer); read != -1; read = content.read(buffer)) {
                    size += read;
                    if (size > allowed) {
                        throw new ArtifactTooLargeException(allowed);
                    }
                    sha256.update(buffer, 0, read);
                    out.write(ByteBuffer.wrap(buffer, 0, read));
                }
                out.force(true);
            }
            var id = ArtifactId.of(sha256.digest());
            Path target = pathOf(id);
            createPrivateDirectories(target.getParent());
            // the same bytes under the same name: replacing a copy that is already there changes nothing a reader sees
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory(target.getParent());
            return new Artifact(id, size);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    @Override
    public Optional<InputStream> open(ArtifactId id) throws IOException {
        try {
            return Optional.of(Files.newInputStream(pathOf(id)));
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<Artifact> find(ArtifactId id) throws IOException {
        try {
            return Optional.of(new Artifact(id, Files.size(pathOf(id))));
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        }
    }

    @Override
    public boolean delete(ArtifactId id) throws IOException {
        return Files.deleteIfExists(pathOf(id));
    }

    /** Where {@code id} lives: its id is 64 hexadecimal digits, so the path never leaves the root. */
    private Path pathOf(ArtifactId id) {
        String hex = id.sha256();
        return root.resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex);
    }

    private void createPrivateDirectories(Path directory) throws IOException {
        if (posix) {
            Files.createDirectories(directory, ownerOnly("rwx------"));
        } else {
            Files.createDirectories(directory);
        }
    }

    /** Makes a rename in {@code directory} durable: a file's own sync does not cover the entry that names it. */
    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException unsupported) {
            // some platforms cannot open a directory to sync it; the rename itself has happened
        }
    }

    private static FileAttribute<?> ownerOnly(String permissions) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
