package dev.anneal.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anneal.AnnealProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python client's own tests (src/test/python) with Debian's PyTorch against a real Anneal in a process of its own:
 * a training loop logs through the client, and the server is stopped and started again while a script logs, which
 * must lose no point. Needs {@code /usr/bin/python3} with {@code python3-torch}, which .ci/run installs.
 */
class PythonClientTests {

    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path home;

    @Test
    void shouldPassThePythonClientsTestsThroughAServerRestart() throws Exception {
        assertThat(Path.of(PYTHON))
                .as("Debian's python3 with python3-torch (apt-get install python3-torch), as .ci/run installs")
                .exists();
        try (var anneal = new AnnealProcess(home)) {
            anneal.start("first");
            anneal.issueToken();
            var marker = home.resolve("restart-now");
            var output = home.resolve("python.log");
            var python = new ProcessBuilder(PYTHON, "-m", "unittest", "discover", "-v", "-s", "src/test/python")
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            python.environment().put("ANNEAL_URL", anneal.url(""));
            python.environment().put("ANNEAL_TOKEN", anneal.token());
            python.environment().put("ANNEAL_RESTART_MARKER", marker.toString());
            var tests = python.start();

            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (!Files.exists(marker) && tests.isAlive()) {
                assertThat(System.nanoTime())
                        .as("the script asks for its restart")
                        .isLessThan(deadline);
                Thread.sleep(100);
            }
            if (Files.exists(marker)) {
                anneal.stop();
                Thread.sleep(2000); // the script logs on meanwhile, into its queue
                anneal.start("second");
                Files.writeString(home.resolve("restart-now.restarted"), "back");
            }
            assertThat(tests.waitFor(5, TimeUnit.MINUTES))
                    .as("the Python tests end")
                    .isTrue();
            String log = Files.readString(output);
            assertThat(tests.exitValue()).as(log).isZero();
            assertThat(log)
                    .as("every test ran, none skipped")
                    .doesNotContain("skipped")
                    .contains("OK");
            assertThat(Files.exists(marker))
                    .as("the restart test asked for its restart")
                    .isTrue();
        }
    }
}
