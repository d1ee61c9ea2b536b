package dev.anneal.system;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the embedded PostgreSQL keeps its data, used when no external database is configured.
 *
 * @param dataDir the data directory; kept across restarts so run history survives them
 * @param binariesDir where the PostgreSQL binaries are unpacked: private to the user, not the shared {@code /tmp}
 * @param port the port to listen on, 0 for any free port
 * @param durable whether every commit is flushed to disk before it is acknowledged ({@code fsync},
 *     {@code full_page_writes} and {@code synchronous_commit} on), as a run history must be; only throw-away test
 *     databases turn it off
 */
@ConfigurationProperties("anneal.database")
record EmbeddedDatabaseProperties(
        Path dataDir,
        Path binariesDir,
        int port,
        @DefaultValue("true") boolean durable) {}
