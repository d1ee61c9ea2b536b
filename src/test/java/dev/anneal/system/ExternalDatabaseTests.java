package dev.anneal.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anneal.metrics.MetricKey;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With {@code spring.datasource.url} set (as {@code SPRING_DATASOURCE_URL} sets it), Anneal uses that PostgreSQL and
 * starts none of its own. The "external" server here is a second PostgreSQL the test starts and hands over by URL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ActiveProfiles("test")
class ExternalDatabaseTests {

    private static final EmbeddedPostgres external = startExternal();

    private static EmbeddedPostgres startExternal() {
        try {
            return EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start the external PostgreSQL for this test", e);
        }
    }

    @DynamicPropertySource
    static void pointAtExternalDatabase(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> external.getJdbcUrl("postgres", "postgres"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }

    @AfterAll
    static void stopExternal() throws IOException {
        external.close();
    }

    @Autowired
    private ApplicationContext context;

    @Autowired
    private DataSource dataSource;

    @Test
    void shouldUseTheConfiguredDatabaseAndStartNoEmbeddedOne() throws SQLException {
        assertThat(context.getBeansOfType(EmbeddedPostgres.class)).isEmpty();
        try (var connection = dataSource.getConnection()) {
            assertThat(connection.getMetaData().getURL()).isEqualTo(external.getJdbcUrl("postgres", "postgres"));
        }
    }

    @Test
    void shouldMigrateTheExternalDatabase() {
        var jdbc = new JdbcTemplate(external.getPostgresDatabase());

        assertThat(jdbc.queryForList("select version from flyway_schema_history where success", String.class))
                .contains("1");
        // every metric the application logs has its row: the last migration ran too
        assertThat(jdbc.queryForList("select name from metric_key", String.class))
                .containsExactlyInAnyOrderElementsOf(
                        MetricKey.BUILT_IN.stream().map(MetricKey::apiName).toList());
    }
}
