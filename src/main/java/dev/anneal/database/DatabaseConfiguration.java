package dev.anneal.database;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The application's {@link DataSource}: one per-request pool and one background pool on the same server, routed by
 * {@link ConnectionRouting}. Sizes and timeouts are in {@link DatabaseSettings}; docs/operations.md says why.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseSettings.class)
class DatabaseConfiguration {

    /**
     * Every web connection plans each statement for its own arguments. After five runs of a prepared statement PostgreSQL
     * may switch to a generic plan built from an average run, which for a table of a few runs reads one run as a
     * third of the table and scans it whole; the custom plan for a run the statistics do not know reads its index
     * range. The background pool keeps PostgreSQL's choice: its statements are the writer's multi-row inserts, whose
     * plans are worth caching (planning one again for every batch halved the write rate), and range reads of one
     * run's steps, which no generic plan scans whole.
     */
    private static final String CUSTOM_PLANS = "-c plan_cache_mode=force_custom_plan";

    @Bean(destroyMethod = "close")
    DataSource dataSource(DatabaseConnection connection, DatabaseSettings settings, Environment environment) {
        var web = pool(
                connection,
                "anneal-web",
                settings.web().poolSize(),
                settings.web().connectionTimeout());
        web.addDataSourceProperty(
                "options",
                CUSTOM_PLANS + " -c statement_timeout="
                        + settings.web().statementTimeout().toMillis());
        var background = pool(
                connection,
                "anneal-background",
                backgroundPoolSize(settings, environment),
                settings.background().connectionTimeout());
        return new ConnectionRouting(web, background);
    }

    @Bean
    OutageRetry outageRetry(DatabaseSettings settings, Clock clock) {
        return new OutageRetry(settings.outageTolerance(), clock);
    }

    /**
     * Connections the background needs at once: per worker slot, its training thread (progress, events, checkpoint
     * rows) and db-scheduler's bookkeeping of its execution; once, the metric writer, db-scheduler's polling,
     * heartbeats and dead-execution check, the dispatcher's round and the sweeps' controller; two to spare.
     */
    static int backgroundPoolSize(DatabaseSettings settings, Environment environment) {
        if (settings.background().poolSize() != null) {
            return settings.background().poolSize();
        }
        int slots = environment.getProperty("db-scheduler.threads", Integer.class, 1);
        return 2 * slots + 6 + 2;
    }

    private static HikariDataSource pool(
            DatabaseConnection connection, String name, int size, Duration connectionTimeout) {
        var pool = new HikariDataSource();
        pool.setPoolName(name);
        pool.setJdbcUrl(connection.url());
        pool.setUsername(connection.username());
        pool.setPassword(connection.password());
        pool.setMaximumPoolSize(size);
        pool.setConnectionTimeout(connectionTimeout.toMillis());
        return pool;
    }
}
