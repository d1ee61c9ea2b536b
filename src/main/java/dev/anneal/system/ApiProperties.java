package dev.anneal.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the REST API.
 *
 * @param maxRequestSize the largest request body accepted; a 100 000-position preview fits comfortably
 */
@ConfigurationProperties("anneal.api")
record ApiProperties(DataSize maxRequestSize) {}
