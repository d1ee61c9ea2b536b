package dev.anneal.ingest;

import dev.anneal.artifacts.ArtifactHolder;
import dev.anneal.artifacts.ArtifactId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The artifacts scripts logged to their runs (MLflow's {@code log_artifact}), held as long as the runs are. */
@Component
class LoggedArtifacts implements ArtifactHolder {

    private final JdbcTemplate jdbc;

    LoggedArtifacts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean holds(ArtifactId id) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from run_artifact where sha256 = ?)", Boolean.class, id.sha256()));
    }
}
