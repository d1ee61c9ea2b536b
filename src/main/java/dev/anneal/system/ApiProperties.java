package dev.anneal.system;

import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the REST API.
 *
 * @param maxRequestSize the largest request body accepted; a 100 000-position preview fits comfortably
 * @param maxLogSize the largest body of a request that logs metrics (the native {@code /log}, MLflow's
 *     {@code log-batch}): 100 000 points with their wall times take some 4.5 MB
 */
@ConfigurationProperties("anneal.api")
record ApiProperties(DataSize maxRequestSize, DataSize maxLogSize) {

    private static final Pattern LOGGING = Pattern.compile("/api/runs/[^/]+/log|/api/2\\.0/mlflow/runs/log-batch");

    /** The largest body accepted for a request to {@code path}. */
    DataSize limitFor(String path) {
        return LOGGING.matcher(path).matches() ? maxLogSize : maxRequestSize;
    }
}
