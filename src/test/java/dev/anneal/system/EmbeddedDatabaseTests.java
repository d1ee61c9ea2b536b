package dev.anneal.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anneal.AnnealApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
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
    void shouldLetNobodyConnectWithoutTheGeneratedPassword() throws Exception {
        try (var app = start()) {
            var jdbc = app.getBean(JdbcTemplate.class);
            int port = app.getBean(EmbeddedPostgres.class).getPort();
            Path passwordFile = home.resolve("postgres").resolve(EmbeddedDatabaseLockdown.PASSWORD_FILE);
            String url = "jdbc:postgresql://127.0.0.1:%d/postgres".formatted(port);

            // what any local user tried before: the superuser with no password, over TCP
            assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", ""))
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "postgres"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
            try (var connection = DriverManager.getConnection(url, "postgres", Files.readString(passwordFile))) {
                assertThat(connection.isValid(1)).isTrue();
            }

            assertThat(Files.getPosixFilePermissions(passwordFile))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(jdbc.queryForList("select distinct auth_method from pg_hba_file_rules", String.class))
                    .containsExactly("scram-sha-256");
            assertThat(jdbc.queryForObject("show listen_addresses", String.class))
                    .isEqualTo("localhost");
            assertThat(jdbc.queryForObject("show unix_socket_directories", String.class))
                    .isEqualTo(home.resolve("postgres").toAbsolutePath().toString());
            assertThat(Files.getPosixFilePermissions(home.resolve("postgres")))
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void shouldLockDownADataDirectoryFromBeforeOnItsNextStart() throws Exception {
        Path dataDir = home.resolve("postgres");
        int port;
        // as earlier versions left it: initdb's trust for every local connection, and no password
        try (var old = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .start()) {
            port = old.getPort();
            try (var connection = DriverManager.getConnection(
                            "jdbc:postgresql://127.0.0.1:%d/postgres".formatted(port), "postgres", "");
                    var statement = connection.createStatement()) {
                statement.execute("create schema earlier");
                statement.execute("create table earlier.kept (name text)");
                statement.execute("insert into earlier.kept values ('from before')");
            }
        }
        assertThat(dataDir.resolve(EmbeddedDatabaseLockdown.PASSWORD_FILE)).doesNotExist();

        try (var app = start()) {
            var jdbc = app.getBean(JdbcTemplate.class);
            String url = "jdbc:postgresql://127.0.0.1:%d/postgres"
                    .formatted(app.getBean(EmbeddedPostgres.class).getPort());

            assertThat(jdbc.queryForObject("select name from earlier.kept", String.class))
                    .isEqualTo("from before");
            assertThat(dataDir.resolve(EmbeddedDatabaseLockdown.PASSWORD_FILE)).exists();
            assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", ""))
                    .isInstanceOf(SQLException.class);
        }
        try (var again = start()) { // the next start keeps the same password
            assertThat(again.getBean(JdbcTemplate.class).queryForObject("select 1", Integer.class))
                    .isEqualTo(1);
        }
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
