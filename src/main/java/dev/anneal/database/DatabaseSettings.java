package dev.anneal.database;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Anneal uses its database; see docs/operations.md for the reasoning behind each default.
 *
 * @param web the pool of web requests and live streams
 * @param background the pool of training workers, the metric writer and the job queue
 * @param outageTolerance how long a training run waits out an unreachable database before it stops and is requeued
 */
@ConfigurationProperties("anneal.database")
record DatabaseSettings(
        @DefaultValue Web web,
        @DefaultValue Background background,
        @DefaultValue("90s") Duration outageTolerance) {

    /**
     * @param poolSize connections for web requests
     * @param connectionTimeout how long a request waits for one before it is answered 503
     * @param statementTimeout how long one statement of a request may run
     */
    record Web(
            @DefaultValue("10") int poolSize,
            @DefaultValue("2s") Duration connectionTimeout,
            @DefaultValue("5s") Duration statementTimeout) {}

    /**
     * @param poolSize connections for background work; by default enough for every worker slot (see
     *     {@link DatabaseConfiguration#backgroundPoolSize})
     * @param connectionTimeout how long background work waits for a connection before it counts as an outage
     */
    record Background(Integer poolSize, @DefaultValue("10s") Duration connectionTimeout) {}
}
