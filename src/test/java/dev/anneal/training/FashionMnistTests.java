package dev.anneal.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTests {

    @TempDir
    Path root;

    /** Nothing listens on port 9 of loopback: the download is refused at once. */
    private static final URI UNREACHABLE = URI.create("http://127.0.0.1:9/");

    @Test
    void shouldNameEveryPlaceItLookedWhenTheDataIsNowhere() {
        var configured = root.resolve("configured");
        var system = root.resolve("system");
        var downloads = root.resolve("downloads");

        assertThatThrownBy(() -> new FashionMnist(configured, system, downloads, UNREACHABLE).load())
                .isInstanceOf(DataException.class)
                .hasMessageContaining("Fashion-MNIST is not available")
                .hasMessageContaining(configured.toString())
                .hasMessageContaining(system + ": train-images-idx3-ubyte.gz is missing")
                .hasMessageContaining("download from " + UNREACHABLE)
                .hasMessageContaining("Install Debian's dataset-fashion-mnist");
    }

    @Test
    void shouldRefuseAFileWhoseContentIsNotTheDatasets() throws IOException {
        var system = root.resolve("system");
        Files.createDirectories(system);
        for (String file : FashionMnist.FILES.keySet()) {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(system.resolve(file)))) {
                out.write(new byte[] {0, 0, 8, 3, 0, 0, 0, 0});
            }
        }

        assertThatThrownBy(() -> new FashionMnist(null, system, root.resolve("downloads"), UNREACHABLE).load())
                .isInstanceOf(DataException.class)
                .hasMessageContaining("has SHA-256");
    }

    @Test
    void shouldSplitBySeedKeepingTheTestSetApart() {
        var data =
                new TrainingPlan.Data(TrainingPlan.DataSource.SYNTHETIC_SPIRALS, 0.25, 400, TrainingPlan.Augment.NONE);
        var datasets = new Datasets(null, root);

        var first = datasets.prepare(data, 3);
        var again = datasets.prepare(data, 3);
        var other = datasets.prepare(data, 4);

        assertThat(first.train().count()).isEqualTo(300);
        assertThat(first.validation().count()).isEqualTo(100);
        assertThat(first.test().count()).isEqualTo(400);
        assertThat(again.train().features()).isEqualTo(first.train().features());
        assertThat(other.train().features()).isNotEqualTo(first.train().features());
    }
}
