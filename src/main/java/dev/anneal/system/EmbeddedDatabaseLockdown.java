package dev.anneal.system;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the embedded PostgreSQL to everyone but this process. {@code initdb} as the embedded server runs it trusts
 * every local connection, so any user of the machine could connect as the superuser (and run shell commands as the
 * database's OS user with {@code COPY … TO PROGRAM}). Before every start this:
 *
 * <ul>
 *   <li>gives the superuser a random password, generated once and kept in {@value #PASSWORD_FILE} in the data
 *       directory, readable by its owner only; set in single-user mode, which needs no connection, so no moment
 *       exists when the server runs open;
 *   <li>writes {@code pg_hba.conf} so that every connection, TCP or socket, proves that password (scram-sha-256);
 *   <li>listens on the loopback interface only, with its socket inside the data directory, which only its owner may
 *       enter, rather than in the world-writable {@code /tmp}.
 * </ul>
 *
 * <p>A data directory from before is upgraded on its next start: it has no password file and a trusting
 * {@code pg_hba.conf}, and leaves with both.
 */
final class EmbeddedDatabaseLockdown {

    static final String PASSWORD_FILE = "anneal-superuser.password";
    static final String SETTINGS_FILE = "anneal.conf";
    private static final String LOCKED = "# Anneal: every connection proves the superuser's password";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseLockdown.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dataDir;
    private final Path binaries;
    private final String password;

    /**
     * Locks down {@code dataDir}, whose server runs from the binaries the embedded PostgreSQL unpacked into
     * {@code binaries} (its working directory).
     */
    EmbeddedDatabaseLockdown(Path dataDir, Path binaries) {
        this.dataDir = dataDir.toAbsolutePath();
        this.binaries = binaries.toAbsolutePath();
        // a new directory gets its password once initdb made it: initdb wants an empty directory
        String existing = kept(this.dataDir.resolve(PASSWORD_FILE));
        this.password = existing != null ? existing : generated();
    }

    /** The superuser's password: the one kept in the data directory, or a new one that {@link #apply} keeps there. */
    String password() {
        return password;
    }

    private static String kept(Path file) {
        try {
            return Files.exists(file)
                    ? Files.readString(file, StandardCharsets.UTF_8).strip()
                    : null;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the database password in " + file, e);
        }
    }

    private static String generated() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** Writes the password where only the data directory's owner may read it, whole or not at all. */
    private void keep(Path file) throws IOException {
        Path written = Files.createTempFile(
                dataDir,
                "password",
                ".new",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(written, password, StandardCharsets.UTF_8);
        Files.move(written, file, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Run before the server starts, after {@code initdb} (a new directory) or on an existing one: sets the password
     * when {@code pg_hba.conf} is not locked yet, then locks it, and writes the listening settings.
     */
    void apply(Path directory) {
        try {
            Path hba = directory.resolve("pg_hba.conf");
            if (!Files.readString(hba, StandardCharsets.UTF_8).startsWith(LOCKED)) {
                Path file = dataDir.resolve(PASSWORD_FILE);
                if (kept(file) == null) {
                    keep(file);
                }
                setPassword(password);
                Files.writeString(hba, hbaRules(), StandardCharsets.UTF_8);
                log.info(
                        "Embedded PostgreSQL in {}: the superuser now has a password, kept in {}",
                        dataDir,
                        PASSWORD_FILE);
            }
            writeSettings(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("could not lock down the embedded database in " + directory, e);
        }
    }

    private static String hbaRules() {
        return LOCKED + "\n"
                + "local all all scram-sha-256\n"
                + "host  all all 127.0.0.1/32 scram-sha-256\n"
                + "host  all all ::1/128 scram-sha-256\n";
    }

    /** Loopback only, the socket in the data directory (0700) for its owner alone, included from postgresql.conf. */
    private void writeSettings(Path directory) throws IOException {
        Files.writeString(
                directory.resolve(SETTINGS_FILE),
                "listen_addresses = 'localhost'\n"
                        + "unix_socket_directories = '"
                        + quoted(directory.toAbsolutePath().toString()) + "'\n"
                        + "unix_socket_permissions = 0700\n"
                        + "password_encryption = 'scram-sha-256'\n",
                StandardCharsets.UTF_8);
        Path conf = directory.resolve("postgresql.conf");
        String include = "include_if_exists = '" + SETTINGS_FILE + "'";
        if (!Files.readString(conf, StandardCharsets.UTF_8).contains(include)) {
            Files.writeString(
                    conf, "\n" + include + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        }
    }

    /** Sets the superuser's password in single-user mode: no server listens, so nobody can connect meanwhile. */
    private void setPassword(String password) throws IOException {
        var command = new ArrayList<String>();
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U")); // as the embedded server itself runs as root: in a user namespace
        }
        command.addAll(List.of(
                postgresBinary().toString(),
                "--single",
                "-D",
                dataDir.toString(),
                "-c",
                "listen_addresses=",
                "postgres"));
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var in = process.getOutputStream()) {
            in.write(("SET password_encryption = 'scram-sha-256';\nALTER ROLE postgres PASSWORD '" + password + "';\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || output.contains("ERROR:")) {
                process.destroyForcibly();
                throw new IOException("setting the superuser's password failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while setting the superuser's password", e);
        }
    }

    /** The {@code postgres} binary the embedded server unpacked: {@code <working dir>/PG-<digest>/bin/postgres}. */
    private Path postgresBinary() throws IOException {
        try (Stream<Path> unpacked = Files.list(binaries)) {
            return unpacked.filter(dir -> dir.getFileName().toString().startsWith("PG-"))
                    .map(dir -> dir.resolve("bin/postgres"))
                    .filter(Files::isExecutable)
                    .max(Comparator.comparing(EmbeddedDatabaseLockdown::modified))
                    .orElseThrow(() -> new IOException("no PostgreSQL binaries unpacked in " + binaries));
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String quoted(String value) {
        return value.replace("'", "''");
    }
}
