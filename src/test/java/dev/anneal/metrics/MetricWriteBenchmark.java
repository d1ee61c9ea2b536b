package dev.anneal.metrics;

import dev.anneal.AnnealApplication;
import java.nio.file.Files;
import java.time.Instant;
import java.util.UUID;
import org.springframework.boot.SpringApplication;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Metric points written per second through {@link MetricWriter}: a training loop's pattern (five keys per step,
 * flushed every 1 000 steps) into the embedded PostgreSQL, first as new points, then as a resumed run rewriting
 * them.
 *
 * <p>Run with {@code ./mvnw -Pbench test-compile exec:exec@metric-writes}.
 */
public final class MetricWriteBenchmark {

    private static final int STEPS = 200_000;
    private static final MetricKey[] KEYS = {
        MetricKey.LR, MetricKey.TRAIN_LOSS, MetricKey.GRAD_NORM, MetricKey.CYCLE, MetricKey.CYCLE_POS
    };

    private MetricWriteBenchmark() {}

    public static void main(String[] args) throws Exception {
        var home = Files.createTempDirectory("anneal-bench");
        try (var app = SpringApplication.run(
                AnnealApplication.class,
                "--spring.main.web-application-type=none",
                "--db-scheduler.enabled=false",
                "--logging.level.root=WARN",
                "--anneal.database.data-dir=" + home.resolve("postgres"))) {
            var writer = app.getBean(MetricWriter.class);
            var jdbc = app.getBean(JdbcTemplate.class);
            var runId = UUID.randomUUID();
            jdbc.update("insert into experiment (id, name) values (?, 'bench')", UUID.randomUUID());
            jdbc.update(
                    "insert into run (id, experiment_id, name, status, config) select ?, id, 'bench', 'RUNNING', '{}'"
                            + " from experiment where name = 'bench'",
                    runId);
            for (String pass : new String[] {"new points", "rewritten (resume)"}) {
                long start = System.nanoTime();
                var batch = writer.batch();
                var now = Instant.now();
                for (int step = 0; step < STEPS; step++) {
                    for (MetricKey key : KEYS) {
                        batch.add(new MetricPoint(runId, key, step, step / 1000.0, Math.sin(step), now));
                    }
                    if (step % 1000 == 999) {
                        batch.flush();
                    }
                }
                batch.flush();
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(
                        "%s: %d points in %.1f s, %.0f points/s%n",
                        pass, STEPS * KEYS.length, seconds, STEPS * KEYS.length / seconds);
            }
        }
    }
}
