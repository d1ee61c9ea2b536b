package dev.anneal.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Metric points written in batches and read back raw, downsampled and as CSV, on a real PostgreSQL. */
@SpringBootTest(properties = "db-scheduler.enabled=false")
@AutoConfigureMockMvc
@ActiveProfiles("test")
class MetricsTests {

    private static final int STEPS = 10_000;
    private static final int SPIKE_STEP = 5_003;

    @Autowired
    private MockMvc mvc;

    @Autowired
    private MetricWriter writer;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private JsonMapper json;

    private UUID runId;

    @BeforeEach
    void launchRun() throws Exception {
        String response = mvc.perform(post("/api/runs")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"schedule\": {\"base_lr\": 0.1, \"t_max\": 100}}"))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        runId = UUID.fromString(json.readTree(response).get("id").asString());
    }

    private void writeLoss(int fromStep, int toStep) {
        writeLoss(fromStep, toStep, true);
    }

    private void writeLoss(int fromStep, int toStep, boolean spike) {
        var batch = writer.batch();
        for (int step = fromStep; step < toStep; step++) {
            double loss = spike && step == SPIKE_STEP ? 100.0 : 2.0 / (1 + step / 1000.0);
            batch.add(new MetricPoint(runId, MetricKey.TRAIN_LOSS, step, step / 500.0, loss, Instant.now()));
        }
        batch.flush();
    }

    private JsonNode series(String... params) throws Exception {
        var request = get("/api/runs/" + runId + "/metrics");
        for (int i = 0; i < params.length; i += 2) {
            request = request.param(params[i], params[i + 1]);
        }
        String body = mvc.perform(request)
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        return json.readTree(body).get("series").get(0);
    }

    private long storedPoints() {
        return jdbc.queryForObject("select count(*) from metric_point where run_id = ?", Long.class, runId);
    }

    @Test
    void shouldReturnEveryPointWhenTheSeriesFits() throws Exception {
        writeLoss(0, STEPS);

        var series = series("keys", "train_loss", "max_points", "100000");

        assertThat(series.get("downsampled").asBoolean()).isFalse();
        assertThat(series.get("points")).hasSize(STEPS);
        assertThat(series.get("points").get(SPIKE_STEP).get("value").asDouble()).isEqualTo(100.0);
        assertThat(series.get("points").get(10).has("min")).isFalse();
    }

    @Test
    void shouldDownsampleIntoBucketsThatKeepSpikes() throws Exception {
        writeLoss(0, STEPS);

        var series = series("keys", "train_loss");

        assertThat(series.get("downsampled").asBoolean()).isTrue();
        var points = series.get("points");
        assertThat(points.size()).isBetween(990, 1000);
        double highest = 0;
        for (JsonNode point : points) {
            assertThat(point.get("min").asDouble())
                    .isLessThanOrEqualTo(point.get("value").asDouble());
            assertThat(point.get("max").asDouble())
                    .isGreaterThanOrEqualTo(point.get("value").asDouble());
            highest = Math.max(highest, point.get("max").asDouble());
        }
        assertThat(highest).isEqualTo(100.0);
        var last = points.get(points.size() - 1);
        assertThat(last.get("step").asInt()).isEqualTo(STEPS - 1);
        assertThat(last.get("epoch").asDouble()).isEqualTo((STEPS - 1) / 500.0);
    }

    @Test
    void shouldDownsampleALongSeriesKeepingSpikesAndTheLastPoint() throws Exception {
        writeLoss(0, STEPS);

        // 10 000 steps in 200 buckets of 50 steps: cut from the chunks' points
        var series = series("keys", "train_loss", "max_points", "200");

        var points = series.get("points");
        assertThat(series.get("downsampled").asBoolean()).isTrue();
        assertThat(points.size()).isBetween(190, 200);
        double highest = 0;
        double lowest = Double.MAX_VALUE;
        int previousStep = -1;
        for (JsonNode point : points) {
            assertThat(point.get("step").asInt()).isGreaterThan(previousStep);
            previousStep = point.get("step").asInt();
            assertThat(point.get("min").asDouble())
                    .isLessThanOrEqualTo(point.get("value").asDouble());
            assertThat(point.get("max").asDouble())
                    .isGreaterThanOrEqualTo(point.get("value").asDouble());
            highest = Math.max(highest, point.get("max").asDouble());
            lowest = Math.min(lowest, point.get("min").asDouble());
        }
        assertThat(highest).isEqualTo(100.0);
        assertThat(lowest).isEqualTo(2.0 / (1 + (STEPS - 1) / 1000.0));
        var last = points.get(points.size() - 1);
        assertThat(last.get("step").asInt()).isEqualTo(STEPS - 1);
        assertThat(last.get("value").asDouble()).isEqualTo(2.0 / (1 + (STEPS - 1) / 1000.0));
        assertThat(jdbc.queryForObject(
                        "select count(*) from metric_chunk where run_id = ? and key_id = 2", Long.class, runId))
                .as("a chunk a window of steps")
                .isEqualTo((STEPS + SeriesChunk.MAX_POINTS - 1) / SeriesChunk.MAX_POINTS);
    }

    @Test
    void shouldForgetASpikeWhenAResumedRunRewritesItsStep() throws Exception {
        writeLoss(0, STEPS);
        writeLoss(5000, 5100, false); // the replayed steps no longer spike

        var points = series("keys", "train_loss", "max_points", "200").get("points");

        double highest = 0;
        for (JsonNode point : points) {
            highest = Math.max(highest, point.get("max").asDouble());
        }
        assertThat(highest).as("the spike is gone with the step that held it").isEqualTo(2.0);
    }

    @Test
    void shouldNarrowToAStepRange() throws Exception {
        writeLoss(0, STEPS);

        var series = series("keys", "train_loss", "from", "5000", "to", "5009");

        assertThat(series.get("downsampled").asBoolean()).isFalse();
        assertThat(series.get("points")).hasSize(10);
        assertThat(series.get("points").get(3).get("value").asDouble()).isEqualTo(100.0);
    }

    @Test
    void shouldNeverDuplicateAStepWrittenTwice() {
        writeLoss(0, 3000);
        writeLoss(2000, 5000); // a resumed run replays the steps since its checkpoint

        assertThat(storedPoints()).isEqualTo(5000);
    }

    @Test
    void shouldStreamTheFullHistoryAsCsv() throws Exception {
        writeLoss(0, 2500);
        var result = mvc.perform(get("/api/runs/" + runId + "/metrics.csv"))
                .andExpect(request().asyncStarted())
                .andReturn();

        String csv = mvc.perform(asyncDispatch(result))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();

        var lines = csv.lines().toList();
        assertThat(lines).hasSize(2501);
        assertThat(lines.get(0)).isEqualTo("key,step,epoch,value,wall_time");
        assertThat(lines.get(1)).startsWith("train_loss,0,0.0,2.0,");
    }

    @Test
    void shouldRefuseBadNamesAndBadRanges() throws Exception {
        mvc.perform(get("/api/runs/" + runId + "/metrics")
                        .param("keys", "lr,acc%uracy")
                        .param("from", "10")
                        .param("to", "5")
                        .param("max_points", "0"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.length()").value(3))
                .andExpect(jsonPath("$.errors[0].message")
                        .value("keys: a metric name is 1 to 250 letters, digits, spaces and _ - . / but was"
                                + " \"acc%uracy\""));
        mvc.perform(get("/api/runs/" + UUID.randomUUID() + "/metrics")).andExpect(status().isNotFound());
    }

    @Test
    void shouldStoreAndReadBackAMetricUnderANameOfAScriptsOwn() throws Exception {
        var key = new MetricKey("val/acc top-1");
        var batch = writer.batch();
        for (int step = 0; step < 5; step++) {
            batch.add(new MetricPoint(runId, key, step, 0, 0.5 + step / 10.0, Instant.now()));
        }
        batch.add(new MetricPoint(runId, MetricKey.LR, 0, 0, 0.1, Instant.now()));
        batch.flush();

        var series = series("keys", "val/acc top-1", "max_points", "2");
        assertThat(series.get("key").asString()).isEqualTo("val/acc top-1");
        assertThat(series.get("downsampled").asBoolean()).isTrue();
        assertThat(jdbc.queryForObject("select id from metric_key where name = 'val/acc top-1'", Integer.class))
                .isGreaterThanOrEqualTo(100);
        var streaming = mvc.perform(get("/api/runs/" + runId + "/metrics.csv"))
                .andExpect(request().asyncStarted())
                .andReturn();
        String csv = mvc.perform(asyncDispatch(streaming))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(csv).contains("\nlr,0,").contains("\nval/acc top-1,4,0.0,0.9,");
    }

    @Test
    void shouldAnswerAnEmptySeriesForANameNothingWasLoggedUnder() throws Exception {
        writeLoss(0, 10);

        mvc.perform(get("/api/runs/" + runId + "/metrics").param("keys", "train_loss,val/accuracy top-1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.series[0].points.length()").value(10))
                .andExpect(jsonPath("$.series[1].key").value("val/accuracy top-1"))
                .andExpect(jsonPath("$.series[1].points.length()").value(0));
        // reading a name gives it no id: only a written point does
        assertThat(jdbc.queryForObject(
                        "select count(*) from metric_key where name = 'val/accuracy top-1'", Integer.class))
                .isZero();
    }

    @Test
    void shouldReadSeveralRunsSeriesAndEventsInOneRequestFromTheChunksSummaries() throws Exception {
        writeLoss(0, STEPS);
        var other = runId;
        launchRun();

        // 10 000 steps in 5 buckets of 2 000: a bucket spans whole chunks, so their summaries answer
        mvc.perform(get("/api/runs/series")
                        .param("ids", other + "," + runId)
                        .param("keys", "train_loss,lr")
                        .param("max_points", "5"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.runs.length()").value(2))
                .andExpect(jsonPath("$.runs[0].run_id").value(other.toString()))
                .andExpect(jsonPath("$.runs[0].series[0].key").value("train_loss"))
                .andExpect(jsonPath("$.runs[0].series[0].downsampled").value(true))
                .andExpect(jsonPath("$.runs[0].series[0].points.length()").value(5))
                .andExpect(jsonPath("$.runs[0].series[0].points[2].max").value(100.0))
                .andExpect(jsonPath("$.runs[0].series[0].points[4].step").value(STEPS - 1))
                .andExpect(jsonPath("$.runs[0].series[1].points.length()").value(0))
                .andExpect(jsonPath("$.runs[0].events").isArray())
                .andExpect(jsonPath("$.runs[1].run_id").value(runId.toString()))
                .andExpect(jsonPath("$.runs[1].series[0].points.length()").value(0));
    }

    @Test
    void shouldRefuseARequestForSeveralRunsThatNamesBadRunsOrAsksTooMuch() throws Exception {
        mvc.perform(get("/api/runs/series").param("ids", runId + ",nope").param("keys", "lr"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("ids"))
                .andExpect(jsonPath("$.errors[0].message").value("ids must be run ids, but 'nope' is not one"));
        mvc.perform(get("/api/runs/series")
                        .param("ids", (runId + ",").repeat(100) + runId)
                        .param("keys", "lr"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value("ids must name at most 100 runs"));
        var keys = java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> "m" + i)
                .collect(java.util.stream.Collectors.joining(","));
        var ids = java.util.stream.Stream.generate(UUID::randomUUID)
                .limit(20)
                .map(UUID::toString)
                .collect(java.util.stream.Collectors.joining(","));
        mvc.perform(get("/api/runs/series")
                        .param("ids", ids)
                        .param("keys", keys)
                        .param("max_points", "1001"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("max_points"))
                .andExpect(jsonPath("$.errors[0].message")
                        .value("20 runs x 50 keys x max_points must be at most 1000000: ask for at most 1000 points"
                                + " a series"));
        mvc.perform(get("/api/runs/series")
                        .param("ids", runId + "," + UUID.randomUUID())
                        .param("keys", "lr"))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/runs/series").param("ids", runId.toString()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("keys"))
                .andExpect(jsonPath("$.errors[0].message").value("keys must name the metrics to read"));
        mvc.perform(get("/api/runs/series").param("ids", runId + "\u0000").param("keys", "lr"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("ids"));
        mvc.perform(get("/api/runs/series")
                        .param("ids", runId.toString())
                        .param("keys", "lr")
                        .param("max_points", "99999999999"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("max_points"));
    }

    @Test
    void shouldReadARepeatedKeyOnceAndRefuseTooManyNames() throws Exception {
        writeLoss(0, 100);
        var request = get("/api/runs/" + runId + "/metrics");
        for (int i = 0; i < 40; i++) {
            request = request.param("keys", i % 2 == 0 ? "train_loss" : "lr");
        }

        mvc.perform(request)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.series.length()").value(2))
                .andExpect(jsonPath("$.series[0].key").value("train_loss"));
        mvc.perform(get("/api/runs/" + runId + "/metrics").param("keys", "lr,".repeat(50) + "lr"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("keys"))
                .andExpect(jsonPath("$.errors[0].message").value("keys must name at most 50 metrics"));
    }

    @Test
    void shouldStoreWhatABatchHoldsOnceItsOldestPointIsHalfASecondOld() throws Exception {
        long[] now = {0};
        var batch = writer.batch(() -> now[0]);
        batch.add(new MetricPoint(runId, MetricKey.LR, 0, 0, 0.1, Instant.now()));
        batch.add(new MetricPoint(runId, MetricKey.LR, 1, 0, 0.1, Instant.now()));
        Thread.sleep(300);
        assertThat(storedPoints()).as("young points wait for more").isZero();

        now[0] += MetricWriter.HAND_OFF_AGE.toNanos();
        batch.add(new MetricPoint(runId, MetricKey.LR, 2, 0, 0.1, Instant.now()));

        long deadline = System.nanoTime() + 2_000_000_000L;
        while (storedPoints() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(storedPoints()).as("stored without a flush, within 2 s").isEqualTo(3);
    }
}
