package dev.anneal.system;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the embedded PostgreSQL keeps its data, used when no external database is configured.
 *
 * @param dataDir the data directory; kept across restarts so run history survives them
 * @param port the port to listen on, 0 for any free port
 */
@ConfigurationProperties("anneal.database")
record EmbeddedDatabaseProperties(Path dataDir, int port) {}
