package dev.anneal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anneal.database.Readers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The series queries keep a sane plan when the planner's statistics do not know the run, as for every new run in a
 * shared database: the statistics are taken after another run's points and before this run's, with autovacuum off
 * so nothing refreshes them meanwhile. Every statement the queries send is run again under
 * {@code EXPLAIN (ANALYZE, FORMAT JSON)}, and no plan node may execute once per point.
 */
@SpringBootTest(properties = "db-scheduler.enabled=false")
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricQueryPlanTests {

    private static final int STEPS = 100_000;
    private static final int MAX_POINTS = 1_000;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private MetricWriter writer;

    @Autowired
    private JsonMapper json;

    private final UUID known = UUID.randomUUID();
    private final UUID unknown = UUID.randomUUID();

    @BeforeAll
    void storeRunsWithStaleStatistics() {
        jdbc.execute("alter table metric_chunk set (autovacuum_enabled = off)");
        store(known, 2 * STEPS);
        jdbc.execute("analyze metric_chunk");
        store(unknown, STEPS);
    }

    @AfterAll
    void autovacuumAgain() {
        jdbc.execute("alter table metric_chunk reset (autovacuum_enabled)");
    }

    @Test
    void shouldNotRepeatAnyPlanNodePerPointWhenTheStatisticsDoNotKnowTheRun() {
        Readers.run(this::explainEverySeriesStatement); // on the web pool's connections, as requests read
    }

    private void explainEverySeriesStatement() {
        var recorded = new RecordingJdbc(jdbc.getDataSource());
        var ids = new MetricKeyIds(recorded, 2000);
        var queries = new MetricQueries(new MetricChunks(recorded), ids);

        var downsampled = queries.series(unknown, MetricKey.TRAIN_LOSS, 0, Integer.MAX_VALUE, MAX_POINTS);
        var fromSummaries = queries.series(unknown, MetricKey.TRAIN_LOSS, 0, Integer.MAX_VALUE, 100);
        var raw = queries.series(unknown, MetricKey.LR, 0, Integer.MAX_VALUE, STEPS);
        var sinceStep = queries.series(unknown, MetricKey.LR, STEPS - 40, Integer.MAX_VALUE, STEPS);
        var keys = queries.keysOf(unknown);
        var history = queries.history(unknown, MetricKey.LR, STEPS - 1_001, 1_000);
        var lasts = queries.lastInRanges(unknown, MetricKey.LR, new int[] {0, 5_000}, new int[] {4_999, 9_999});
        var latest = queries.latest(List.of(unknown, known));

        assertThat(downsampled.downsampled()).isTrue();
        assertThat(downsampled.points()).hasSize(MAX_POINTS);
        assertThat(fromSummaries.points()).hasSizeLessThanOrEqualTo(100);
        assertThat(raw.points()).hasSize(STEPS);
        assertThat(sinceStep.points()).hasSize(40);
        assertThat(keys).containsExactly(MetricKey.LR, MetricKey.TRAIN_LOSS);
        assertThat(history).hasSize(1_000);
        assertThat(lasts).containsExactly(0.1 / 5_000, 0.1 / 10_000);
        assertThat(latest.get(unknown)).hasSize(2);
        assertThat(recorded.statements)
                .extracting(Statement::sql)
                .contains(
                        MetricChunks.SUMMARIES,
                        MetricChunks.CHUNKS,
                        MetricChunks.AFTER,
                        MetricChunks.LAST_BEFORE,
                        MetricChunks.LATEST,
                        MetricChunks.KEYS);
        for (var statement : recorded.statements) {
            var plan = explain(statement);
            assertThat(maxLoops(plan))
                    .as("loops of the busiest node of %s%n%s", statement.sql(), plan.toPrettyString())
                    .isLessThanOrEqualTo(MAX_POINTS);
        }
    }

    @Test
    void shouldEstimateTheUnknownRunAsAlmostEmpty() {
        // the premise of the test above: the statistics really do not know the run
        var plan = explain(new Statement(
                "select * from metric_chunk where run_id = ? and key_id = ?", new Object[] {unknown, (short) 2}));

        int chunks = (STEPS + SeriesChunk.MAX_POINTS - 1) / SeriesChunk.MAX_POINTS;
        assertThat(plan.get("Plan Rows").asDouble()).isLessThan(chunks / 10.0);
        assertThat(plan.get("Actual Rows").asLong()).isEqualTo(chunks);
    }

    private JsonNode explain(Statement statement) {
        String result = jdbc.queryForObject(
                "explain (analyze, format json) " + statement.sql(), String.class, statement.args());
        return json.readTree(result).get(0).get("Plan");
    }

    private static long maxLoops(JsonNode node) {
        long children = node.has("Plans")
                ? node.get("Plans")
                        .valueStream()
                        .mapToLong(MetricQueryPlanTests::maxLoops)
                        .max()
                        .orElse(0)
                : 0;
        return Math.max(node.get("Actual Loops").asLong(), children);
    }

    private void store(UUID runId, int steps) {
        // a run as the application stores them: in an experiment (the runs table of a shared context lists it)
        jdbc.update(
                "insert into experiment (id, name) values (gen_random_uuid(), 'query-plans') on conflict do nothing");
        jdbc.update(
                "insert into run (id, experiment_id, name, status, config)"
                        + " select ?, id, ?, 'RUNNING', '{}'::jsonb from experiment where name = 'query-plans'",
                runId,
                "plan-" + runId);
        var now = Instant.now();
        var points = IntStream.range(0, steps)
                .boxed()
                .flatMap(step -> Stream.of(
                        new MetricPoint(runId, MetricKey.LR, step, step / 100.0, 0.1 / (1 + step), now),
                        new MetricPoint(runId, MetricKey.TRAIN_LOSS, step, step / 100.0, 2.0 / (1 + step), now)))
                .toList();
        writer.write(points);
    }

    private record Statement(String sql, Object[] args) {

        @Override
        public String toString() {
            return sql + " " + Arrays.toString(args);
        }
    }

    /** Runs queries as usual and remembers each statement with its arguments, to explain it afterwards. */
    private static final class RecordingJdbc extends JdbcTemplate {

        final List<Statement> statements = new ArrayList<>();

        RecordingJdbc(DataSource dataSource) {
            super(dataSource);
        }

        @Override
        public <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
            statements.add(new Statement(sql, args));
            return super.query(sql, mapper, args);
        }

        @Override
        public void query(String sql, RowCallbackHandler handler, Object... args) {
            statements.add(new Statement(sql, args));
            super.query(sql, handler, args);
        }

        @Override
        public <T> T queryForObject(String sql, RowMapper<T> mapper, Object... args) {
            statements.add(new Statement(sql, args));
            return super.queryForObject(sql, mapper, args);
        }

        @Override
        public <T> List<T> queryForList(String sql, Class<T> type, Object... args) {
            statements.add(new Statement(sql, args));
            return super.queryForList(sql, type, args);
        }
    }
}
