package dev.anneal.library;

import dev.anneal.artifacts.ArtifactHolder;
import dev.anneal.artifacts.ArtifactId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The artifacts the library holds: uploaded models and datasets, and the models runs trained and handed back. */
@Component
class LibraryArtifacts implements ArtifactHolder {

    private final JdbcTemplate jdbc;

    LibraryArtifacts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean holds(ArtifactId id) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from uploaded_model where sha256 = ?)"
                        + " or exists (select 1 from uploaded_dataset where sha256 = ?)"
                        + " or exists (select 1 from trained_model where sha256 = ?)",
                Boolean.class,
                id.sha256(),
                id.sha256(),
                id.sha256()));
    }
}
