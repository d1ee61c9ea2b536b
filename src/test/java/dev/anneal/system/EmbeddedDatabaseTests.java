package dev.anneal.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anneal.AnnealApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

class EmbeddedDatabaseTests {

    @TempDir
    Path home;

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(AnnealApplication.class)
                .web(WebApplicationType.NONE)
                .run("--anneal.database.data-dir=" + home.resolve("postgres"));
    }

    @Test
    void shouldStartAnEmbeddedPostgresMigratedByFlywayWhenNoDatabaseIsConfigured() {
        try (var app = start()) {
            var jdbc = app.getBean(JdbcTemplate.class);

            assertThat(app.getBeansOfType(EmbeddedPostgres.class)).hasSize(1);
            assertThat(jdbc.queryForObject("select version()", String.class)).startsWith("PostgreSQL");
            assertThat(jdbc.queryForList("select version from flyway_schema_history where success", String.class))
                    .contains("1");
            assertThat(home.resolve("postgres/PG_VERSION")).exists();
        }
    }

    @Test
    void shouldKeepTheDefaultDatabaseDurable() {
        try (var app = start()) {
            var jdbc = app.getBean(JdbcTemplate.class);

            for (String setting : List.of("fsync", "full_page_writes", "synchronous_commit")) {
                assertThat(jdbc.queryForObject("show " + setting, String.class))
                        .as(setting)
                        .isEqualTo("on");
            }
        }
    }

    @Test
    void shouldRecoverTheDataDirectoryFromAKilledProcess() throws Exception {
        var id = UUID.randomUUID();
        Process killed = startInAnotherJvm();
        try {
            awaitStarted(killed);
        } finally {
            killed.destroyForcibly().waitFor(); // SIGKILL: its PostgreSQL lives on as an orphan holding the directory
        }

        try (var app = start()) {
            var jdbc = app.getBean(JdbcTemplate.class);
            jdbc.update("insert into experiment (id, name) values (?, ?)", id, "after a crash");
            assertThat(jdbc.queryForObject("select count(*) from experiment where id = ?", Integer.class, id))
                    .isEqualTo(1);
        }
    }

    private Process startInAnotherJvm() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        AnnealApplication.class.getName(),
                        "--spring.main.web-application-type=none",
                        "--anneal.database.data-dir=" + home.resolve("postgres"))
                .redirectErrorStream(true)
                .start();
    }

    private static void awaitStarted(Process process) throws IOException {
        try (var output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = output.readLine()) != null) {
                if (line.contains("Started AnnealApplication")) {
                    return;
                }
            }
        }
        throw new IllegalStateException("the other JVM ended before Anneal started");
    }

    @Test
    void shouldKeepHistoryAcrossARestart() {
        var id = UUID.randomUUID();
        try (var app = start()) {
            app.getBean(JdbcTemplate.class).update("insert into experiment (id, name) values (?, ?)", id, "kept");
        }

        try (var app = start()) {
            var name = app.getBean(JdbcTemplate.class)
                    .queryForObject("select name from experiment where id = ?", String.class, id);
            assertThat(name).isEqualTo("kept");
        }
    }
}
