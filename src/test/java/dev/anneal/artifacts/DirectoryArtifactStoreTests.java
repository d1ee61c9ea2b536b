package dev.anneal.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The directory store: files by their SHA-256, whole or not at all, private to their owner. */
class DirectoryArtifactStoreTests {

    @TempDir
    private Path root;

    private static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void shouldStoreContentUnderItsSha256AndGiveItBack() throws Exception {
        var store = new DirectoryArtifactStore(root, 1024);
        byte[] content = "a model, say".getBytes(StandardCharsets.UTF_8);

        var artifact = store.put(new ByteArrayInputStream(content), 1024);

        assertThat(artifact.id().sha256()).isEqualTo(sha256(content));
        assertThat(artifact.size()).isEqualTo(content.length);
        try (InputStream in = store.open(artifact.id()).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertThat(store.find(artifact.id())).contains(artifact);
        String hex = artifact.id().sha256();
        assertThat(files())
                .containsExactly(root.resolve(hex.substring(0, 2))
                        .resolve(hex.substring(2, 4))
                        .resolve(hex));
    }

    @Test
    void shouldStoreTheSameBytesOnceHoweverOftenAndByWhomeverTheyArePut() throws Exception {
        var store = new DirectoryArtifactStore(root, 1024);
        Callable<Artifact> put = () -> store.put(bytes("the same dataset"), 1024);

        var artifacts = Executors.newFixedThreadPool(4).invokeAll(List.of(put, put, put, put, put, put));

        for (var artifact : artifacts) {
            assertThat(artifact.get().id()).isEqualTo(artifacts.get(0).get().id());
        }
        assertThat(files()).hasSize(1);
    }

    @Test
    void shouldKeepNothingOfContentPastTheLimit() throws Exception {
        var store = new DirectoryArtifactStore(root, 10);

        assertThatThrownBy(() -> store.put(bytes("eleven byte"), 100))
                .isInstanceOf(ArtifactTooLargeException.class)
                .hasMessage("an artifact may hold at most 10 bytes");
        assertThat(new ArtifactTooLargeException(2L << 30))
                .hasMessage("an artifact may hold at most 2.0 GiB (2147483648 bytes)");
        assertThatThrownBy(() -> store.put(bytes("six by"), 5)).isInstanceOf(ArtifactTooLargeException.class);
        assertThat(files()).isEmpty();
        assertThat(store.put(bytes("ten bytes!"), 100).size()).isEqualTo(10);
    }

    @Test
    void shouldAnswerEmptyForWhatItDoesNotHoldAndForgetWhatIsDeleted() throws Exception {
        var store = new DirectoryArtifactStore(root, 1024);
        var artifact = store.put(bytes("kept a while"), 1024);
        var other = new ArtifactId("0".repeat(64));

        assertThat(store.open(other)).isEmpty();
        assertThat(store.find(other)).isEmpty();
        assertThat(store.delete(artifact.id())).isTrue();
        assertThat(store.delete(artifact.id())).isFalse();
        assertThat(store.open(artifact.id())).isEmpty();
    }

    @Test
    void shouldRefuseAnIdThatIsNotASha256() {
        for (String bad : new String[] {"../../etc/passwd", "ABC", "g".repeat(64), "A".repeat(64), ""}) {
            assertThatThrownBy(() -> new ArtifactId(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("an artifact id is a SHA-256 in 64 lowercase hexadecimal digits");
        }
        assertThatThrownBy(() -> new ArtifactId(null)).hasMessageEndingWith("but was missing");
    }

    @Test
    void shouldKeepItsFilesToTheirOwnerAndClearWhatACrashLeftHalfWritten() throws Exception {
        var store = new DirectoryArtifactStore(root, 1024);
        var artifact = store.put(bytes("a team's own work"), 1024);
        Path stray = Files.writeString(root.resolve("incoming").resolve("put-1.part"), "half of somethi");

        new DirectoryArtifactStore(root, 1024);

        assertThat(stray).doesNotExist();
        String hex = artifact.id().sha256();
        Path file =
                root.resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("incoming"))))
                .isEqualTo("rwx------");
    }
}
