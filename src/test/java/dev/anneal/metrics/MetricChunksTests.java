package dev.anneal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * The metric store's chunks on a real PostgreSQL: what goes in comes back exactly, whatever its shape, and writers
 * that share a run's open chunk never lose each other's points. (The context is the one MetricsTests uses.)
 */
@SpringBootTest(properties = "db-scheduler.enabled=false")
@AutoConfigureMockMvc
@ActiveProfiles("test")
class MetricChunksTests {

    private static final Instant START = Instant.parse("2026-12-08T10:00:00.250Z");

    @Autowired
    private MetricWriter writer;

    @Autowired
    private MetricQueries queries;

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void shouldGiveBackEveryPointExactlyWhateverItsShape() {
        var runId = UUID.randomUUID();
        var random = new SplittableRandom(8);
        var written = new ArrayList<MetricPoint>();
        int step = 0;
        for (int i = 0; i < 3_000; i++) {
            step += 1 + (i % 7 == 0 ? random.nextInt(3_000) : 0); // gaps, some past a whole window
            double value = i % 97 == 0 ? Double.NaN : i % 89 == 0 ? Double.NEGATIVE_INFINITY : random.nextGaussian();
            // epochs with no rule, wall times that jump back and forth by weeks
            var wall = START.plusMillis(random.nextLong(-3_000_000_000L, 3_000_000_000L));
            written.add(new MetricPoint(runId, MetricKey.GRAD_NORM, step, random.nextDouble(), value, wall));
        }
        writer.write(written);

        var history = queries.history(runId, MetricKey.GRAD_NORM, -1, 10_000);
        var series = queries.series(runId, MetricKey.GRAD_NORM, 0, Integer.MAX_VALUE, 10_000);

        assertThat(history).hasSize(written.size());
        assertThat(series.downsampled()).isFalse();
        for (int i = 0; i < written.size(); i++) {
            var point = written.get(i);
            assertThat(history.get(i))
                    .isEqualTo(new MetricQueries.Logged(
                            MetricKey.GRAD_NORM, point.step(), point.value(), point.wallTime()));
            assertThat(series.points().get(i))
                    .isEqualTo(new Series.Point(point.step(), point.epoch(), point.value(), null, null));
        }
    }

    @Test
    void shouldKeepEveryPointOfWritersSharingARunsOpenChunk() throws Exception {
        var runId = UUID.randomUUID();
        int writers = 4;
        var pool = Executors.newFixedThreadPool(writers);
        var start = new CountDownLatch(1);
        try {
            var done = IntStream.range(0, writers)
                    .mapToObj(w -> CompletableFuture.runAsync(
                            () -> {
                                await(start);
                                // each writes every fourth step of the same windows, 20 batches apiece, as two
                                // requests of one script may
                                for (int batch = 0; batch < 20; batch++) {
                                    var points = new ArrayList<MetricPoint>();
                                    for (int step = batch * 100 + w; step < batch * 100 + 100; step += writers) {
                                        points.add(new MetricPoint(
                                                runId, MetricKey.TRAIN_LOSS, step, 0, step, START.plusMillis(step)));
                                    }
                                    writer.write(points);
                                }
                            },
                            pool))
                    .toList();
            start.countDown();
            CompletableFuture.allOf(done.toArray(new CompletableFuture[0])).join();
        } finally {
            pool.shutdown();
        }

        var values = queries.values(runId, MetricKey.TRAIN_LOSS, 10_000);

        assertThat(values.steps())
                .containsExactly(IntStream.range(0, 2_000).asLongStream().toArray());
        assertThat(values.values())
                .containsExactly(IntStream.range(0, 2_000).asDoubleStream().toArray());
    }

    @Test
    void shouldStoreAStepWrittenAgainOnceWithItsLaterPoint() {
        var runId = UUID.randomUUID();
        writer.write(points(runId, 0, 2_500, 1.0));
        writer.write(points(runId, 1_900, 2_100, 2.0)); // a resumed run replays steps across a window's edge

        var values = queries.values(runId, MetricKey.LR, 10_000);

        assertThat(values.steps()).hasSize(2_500);
        assertThat(values.values()[1_899]).isEqualTo(1.0);
        assertThat(values.values()[1_900]).isEqualTo(2.0);
        assertThat(values.values()[2_099]).isEqualTo(2.0);
        assertThat(values.values()[2_100]).isEqualTo(1.0);
        assertThat(jdbc.queryForObject("select count(*) from metric_chunk where run_id = ?", Long.class, runId))
                .isEqualTo(3);
    }

    private static List<MetricPoint> points(UUID runId, int from, int to, double value) {
        return IntStream.range(from, to)
                .mapToObj(step -> new MetricPoint(runId, MetricKey.LR, step, step / 100.0, value, START))
                .toList();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
