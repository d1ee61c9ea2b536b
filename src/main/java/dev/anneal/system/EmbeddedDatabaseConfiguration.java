package dev.anneal.system;

import dev.anneal.database.DatabaseConnection;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Starts a real PostgreSQL inside the application when no external database is configured, so that Anneal runs on a
 * bare machine with only a JDK. Its data directory is kept, so run history survives restarts; no other user of the
 * machine can connect to it ({@link EmbeddedDatabaseLockdown}).
 */
@Configuration(proxyBeanMethods = false)
@Conditional(ExternalDatabaseAbsent.class)
@EnableConfigurationProperties(EmbeddedDatabaseProperties.class)
class EmbeddedDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    DataDirectoryLock dataDirectoryLock(EmbeddedDatabaseProperties properties) throws IOException {
        return DataDirectoryLock.acquire(properties.dataDir());
    }

    @Bean
    EmbeddedDatabaseLockdown embeddedDatabaseLockdown(EmbeddedDatabaseProperties properties) {
        return new EmbeddedDatabaseLockdown(properties.dataDir(), properties.binariesDir());
    }

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(
            EmbeddedDatabaseProperties properties, DataDirectoryLock ownership, EmbeddedDatabaseLockdown lockdown)
            throws IOException {
        // zonky's defaults are for throw-away test databases (synchronous_commit off); a run history must survive a
        // power cut, so every commit reaches the disk before it is acknowledged
        String durable = properties.durable() ? "on" : "off";
        var postgres = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(properties.binariesDir().toFile())
                .setDataDirectory(properties.dataDir())
                .setDataDirectoryCustomizer(directory -> lockdown.apply(directory.toPath()))
                .setConnectConfig("password", lockdown.password())
                // stopped by this context, after everything that writes to it: the library's own JVM shutdown hook
                // ran beside the context's and stopped the server under runs that were still checkpointing
                .setRegisterShutdownHook(false)
                .setCleanDataDirectory(false)
                .setPort(properties.port())
                .setServerConfig("fsync", durable)
                .setServerConfig("full_page_writes", durable)
                .setServerConfig("synchronous_commit", durable)
                .start();
        log.info("Embedded PostgreSQL on port {} with data in {}", postgres.getPort(), properties.dataDir());
        return postgres;
    }

    @Bean
    DatabaseConnection databaseConnection(EmbeddedPostgres postgres, EmbeddedDatabaseLockdown lockdown) {
        return new DatabaseConnection(postgres.getJdbcUrl("postgres", "postgres"), "postgres", lockdown.password());
    }
}
