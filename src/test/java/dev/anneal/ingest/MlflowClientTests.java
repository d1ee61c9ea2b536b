package dev.anneal.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anneal.access.TestAccounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * A real third-party MLflow client, the npm package {@code mlflow} 2.0.7 (src/test/node, installed by {@code npm ci}
 * there, as .ci/run does), logs a script's run into a running Anneal with {@code node --test}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class MlflowClientTests {

    private static final Path TESTS = Path.of("src/test/node");

    @LocalServerPort
    int port;

    @TempDir
    Path output;

    @Test
    void shouldServeTheNpmMlflowClientAScriptsWholeRun() throws Exception {
        assertThat(TESTS.resolve("node_modules/mlflow"))
                .as("the npm mlflow client: run npm ci in src/test/node (.ci/run does)")
                .exists();
        var log = output.resolve("node.log");
        var node = new ProcessBuilder("node", "--test", "mlflow-client.test.js")
                .directory(TESTS.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        node.environment().put("ANNEAL_URL", "http://localhost:" + port);
        node.environment().put("ANNEAL_TOKEN", TestAccounts.TOKEN);
        var tests = node.start();

        assertThat(tests.waitFor(3, TimeUnit.MINUTES)).as("the node tests end").isTrue();
        String report = Files.readString(log);
        assertThat(tests.exitValue()).as(report).isZero();
        assertThat(report).contains("# pass 2").contains("# skipped 0");
    }
}
