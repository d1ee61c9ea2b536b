package dev.anneal.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one Anneal process the owner of an embedded data directory for its lifetime.
 *
 * <p>A PostgreSQL server outlives an Anneal process that was killed rather than shut down, and keeps the data
 * directory to itself, so the next start would fail. Holding this lock proves no live Anneal owns the directory, so a
 * server still running on it is an orphan and is stopped before a new one starts.
 */
final class DataDirectoryLock implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DataDirectoryLock.class);
    private static final Duration ORPHAN_SHUTDOWN = Duration.ofSeconds(30);

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock on {@code dataDir}, then stops any orphaned server left running on it. */
    static DataDirectoryLock acquire(Path dataDir) throws IOException {
        Path lockFile = dataDir.resolveSibling(dataDir.getFileName() + ".lock");
        Files.createDirectories(dataDir);
        var channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            channel.close();
            throw new IllegalStateException(("Another Anneal process is using the embedded database in %s; stop it,"
                            + " or give this one its own directory with ANNEAL_DATA_DIR")
                    .formatted(dataDir));
        }
        var owned = new DataDirectoryLock(channel, lock);
        stopOrphanedServer(dataDir);
        return owned;
    }

    private static void stopOrphanedServer(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        } catch (RuntimeException e) {
            return; // a torn pid file: PostgreSQL itself judges it on start
        }
        var orphan = ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command().orElse("").contains("postgres"));
        if (orphan.isPresent()) {
            log.warn(
                    "Stopping PostgreSQL (pid {}) left running on {} by an Anneal process that did not shut down",
                    pid,
                    dataDir);
            awaitExit(orphan.get());
        }
    }

    private static void awaitExit(ProcessHandle process) {
        process.destroy(); // SIGTERM: PostgreSQL's smart shutdown, immediate when no client is connected
        try {
            process.onExit().get(ORPHAN_SHUTDOWN.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping an orphaned PostgreSQL", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "an orphaned PostgreSQL (pid %d) did not stop within %s".formatted(process.pid(), ORPHAN_SHUTDOWN),
                    e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
