package dev.anneal.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An external run's schedule, read from what its script logged: inferred from PyTorch's own rates, declared in its
 * params and held to the logged rate (a scheduler that starts over on resume is caught), or missing with a note on
 * how to log one.
 */
@SpringBootTest(properties = "db-scheduler.enabled=false")
@AutoConfigureMockMvc
@ActiveProfiles("test")
class LoggedScheduleTests {

    /** PyTorch's CosineAnnealingWarmRestarts(T_0=10, T_mult=2, eta_min=0.001) from 0.1, steps 0 to 150. */
    private static final List<Double> SGDR = reference("sgdr_t10_m2");

    @Autowired
    private MockMvc mvc;

    @Autowired
    private JsonMapper json;

    private String open(String params) throws Exception {
        var response = mvc.perform(post("/api/runs")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"kind\": \"external\", \"params\": %s}".formatted(params)))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        return json.readTree(response).get("id").asString();
    }

    private void log(String id, String key, int firstStep, List<Double> values) throws Exception {
        String steps = java.util.stream.IntStream.range(firstStep, firstStep + values.size())
                .mapToObj(Integer::toString)
                .collect(Collectors.joining(","));
        String logged = values.stream().map(v -> Double.toString(v)).collect(Collectors.joining(","));
        mvc.perform(post("/api/runs/" + id + "/log")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"metrics\": [{\"key\": \"%s\", \"steps\": [%s], \"values\": [%s]}]}"
                                .formatted(key, steps, logged)))
                .andExpect(status().isOk());
    }

    private void finish(String id) throws Exception {
        mvc.perform(post("/api/runs/" + id + "/finish")).andExpect(status().isOk());
    }

    @Test
    void shouldInferPyTorchsWarmRestartsFromTheLoggedRateAndMarkItsRestarts() throws Exception {
        var id = open("{}");
        log(id, "lr-SGD", 0, SGDR);
        finish(id);

        mvc.perform(get("/api/runs/" + id))
                .andExpect(jsonPath("$.schedule.source").value("inferred"))
                .andExpect(jsonPath("$.schedule.kind").value("cosine"))
                .andExpect(jsonPath("$.schedule.unit").value("step"))
                .andExpect(jsonPath("$.schedule.base_lr").value(0.1))
                .andExpect(jsonPath("$.schedule.t_max").value(10.0))
                .andExpect(jsonPath("$.schedule.t_mult").value(2.0))
                .andExpect(jsonPath("$.schedule.rate_key").value("lr-SGD"))
                .andExpect(jsonPath("$.schedule.rate_points").value(151))
                .andExpect(jsonPath("$.schedule.max_relative_deviation").isNumber());
        assertThat(schedule(id).get("max_relative_deviation").asDouble()).isLessThanOrEqualTo(1e-9);
        assertThat(restartSteps(id)).containsExactly(10, 30, 70, 150);

        // its place in the cycles, which the compare page aligns runs by, as a trained run logs it
        var cycles = series(id, "cycle,cycle_pos");
        assertThat(cycles.get(0).get("points")).hasSize(151);
        assertThat(valueAt(cycles.get(0), 0)).isEqualTo(0);
        assertThat(valueAt(cycles.get(0), 15)).isEqualTo(1);
        assertThat(valueAt(cycles.get(0), 150)).isEqualTo(4);
        assertThat(valueAt(cycles.get(1), 15)).isEqualTo(0.25);
        assertThat(valueAt(cycles.get(1), 69)).isEqualTo(39.0 / 40);
    }

    @Test
    void shouldSummariseAScriptsRunWithItsMetricsWhereEachCycleEnded() throws Exception {
        var id = open("{}");
        log(id, "lr", 0, SGDR.subList(0, 100));
        var losses = new ArrayList<Double>();
        for (int step = 0; step <= 150; step++) {
            losses.add(1000.0 + step); // the step, readable: loss at step s is 1000 + s
        }
        log(id, "loss", 0, losses);
        log(id, "val_loss", 10, List.of(0.9)); // evaluated where cycles end, at the step count reached
        log(id, "val_loss", 30, List.of(0.5));
        log(id, "val_loss", 70, List.of(0.7));
        log(id, "val_acc", 70, List.of(0.8));
        log(id, "lr", 100, SGDR.subList(100, 151));
        finish(id);

        mvc.perform(get("/api/runs/" + id))
                .andExpect(jsonPath("$.summary.steps").value(150))
                .andExpect(jsonPath("$.summary.final_lr").value(SGDR.get(150)))
                .andExpect(jsonPath("$.summary.restarts").value(4))
                .andExpect(jsonPath("$.summary.best_val_loss").value(0.5))
                .andExpect(jsonPath("$.summary.best_val_loss_step").value(30))
                .andExpect(jsonPath("$.summary.best_val_acc").value(0.8))
                .andExpect(jsonPath("$.summary.cycle_ends.length()").value(4))
                .andExpect(jsonPath("$.summary.cycle_ends[0].cycle").value(0))
                .andExpect(jsonPath("$.summary.cycle_ends[0].step").value(10))
                .andExpect(jsonPath("$.summary.cycle_ends[0].values.loss").value(1010.0))
                .andExpect(jsonPath("$.summary.cycle_ends[0].values.val_loss").value(0.9))
                .andExpect(jsonPath("$.summary.cycle_ends[0].values.val_acc").doesNotExist())
                .andExpect(jsonPath("$.summary.cycle_ends[2].step").value(70))
                .andExpect(jsonPath("$.summary.cycle_ends[2].values.val_acc").value(0.8))
                .andExpect(jsonPath("$.summary.cycle_ends[3].cycle").value(3))
                .andExpect(jsonPath("$.summary.cycle_ends[3].values.loss").value(1150.0))
                .andExpect(jsonPath("$.summary.cycle_ends[3].values.val_loss")
                        .doesNotExist()) // none logged in cycle 3: not last cycle's carried over
                .andExpect(jsonPath("$.summary.cycle_ends[0].values.lr").doesNotExist());
    }

    @Test
    void shouldMarkTheEndOfAnInferredWarmupWhereCycleZeroBegins() throws Exception {
        var id = open("{}");
        log(id, "lr", 0, reference("warmup5_cosine95"));
        finish(id);

        mvc.perform(get("/api/runs/" + id))
                .andExpect(jsonPath("$.schedule.source").value("inferred"))
                .andExpect(jsonPath("$.schedule.warmup").value(5.0));
        mvc.perform(get("/api/runs/" + id + "/events"))
                .andExpect(
                        jsonPath("$.events[?(@.kind == 'WARMUP_END')].step").value(org.hamcrest.Matchers.contains(5)));
        var position = series(id, "cycle_pos").get(0);
        assertThat(valueAt(position, 3))
                .as("warmup, at position 0 as in training")
                .isZero();
        assertThat(valueAt(position, 5)).isZero();
        assertThat(valueAt(position, 50)).isCloseTo(45.0 / 95, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void shouldLeaveTheCyclesOfARunWithoutASchedule() throws Exception {
        var id = open("{}");
        log(id, "loss", 0, List.of(2.0, 1.5, 1.25));
        finish(id);

        assertThat(series(id, "cycle").get(0).get("points")).isEmpty();
    }

    @Test
    void shouldHoldADeclaredSchedulerToTheLoggedRateAndCatchOneThatStartsOverOnResume() throws Exception {
        var id = open("""
                {"scheduler": "CosineAnnealingWarmRestarts", "scheduler.T_0": 10, "scheduler.T_mult": 2,
                 "scheduler.eta_min": 0.001, "scheduler.base_lrs": "[0.1]"}""");
        log(id, "lr", 0, SGDR.subList(0, 50));
        log(id, "lr", 50, SGDR.subList(0, 50)); // resumed at step 50, its scheduler back at its first step
        finish(id);

        mvc.perform(get("/api/runs/" + id))
                .andExpect(jsonPath("$.schedule.source").value("declared"))
                .andExpect(jsonPath("$.schedule.kind").value("cosine"))
                .andExpect(jsonPath("$.schedule.t_max").value(10.0))
                .andExpect(jsonPath("$.schedule.departures[0].from").value(50))
                .andExpect(jsonPath("$.schedule.note").value(containsString("first at step 50")));
        assertThat(restartSteps(id)).as("the plan's restarts").containsExactly(10, 30, 70);
    }

    @Test
    void shouldHoldAnUnbrokenRunToItsDeclarationWithinRounding() throws Exception {
        var id = open("""
                {"scheduler": "CosineAnnealingWarmRestarts", "scheduler.T_0": "10", "scheduler.T_mult": "2",
                 "scheduler.eta_min": "0.001"}""");
        log(id, "lr", 0, SGDR);

        // read again a moment after the batch, while the run still runs
        JsonNode schedule = null;
        for (int i = 0; i < 50; i++) {
            schedule = schedule(id);
            if (!schedule.get("source").asString().equals("none")) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(schedule.get("source").asString()).isEqualTo("declared");
        assertThat(schedule.get("max_relative_deviation").asDouble()).isLessThanOrEqualTo(1e-9);
        assertThat(schedule.get("departures")).isEmpty();
    }

    @Test
    void shouldSayHowToLogARateWhenARunLogsNone() throws Exception {
        var id = open("{}");
        log(id, "loss", 0, List.of(2.0, 1.5, 1.25));
        finish(id);

        mvc.perform(get("/api/runs/" + id))
                .andExpect(jsonPath("$.schedule.source").value("none"))
                .andExpect(jsonPath("$.schedule.note").value(containsString("run.watch(scheduler)")));
    }

    private JsonNode schedule(String id) throws Exception {
        return json.readTree(mvc.perform(get("/api/runs/" + id))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .get("schedule");
    }

    /** The run's series of {@code keys}, raw. */
    private JsonNode series(String id, String keys) throws Exception {
        return json.readTree(mvc.perform(get("/api/runs/" + id + "/metrics")
                                .param("keys", keys)
                                .param("max_points", "100000"))
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .get("series");
    }

    private static double valueAt(JsonNode series, int step) {
        for (JsonNode point : series.get("points")) {
            if (point.get("step").asInt() == step) {
                return point.get("value").asDouble();
            }
        }
        throw new AssertionError("no point at step " + step + " in " + series);
    }

    private List<Integer> restartSteps(String id) throws Exception {
        var events = json.readTree(mvc.perform(get("/api/runs/" + id + "/events"))
                .andReturn()
                .getResponse()
                .getContentAsString());
        var steps = new ArrayList<Integer>();
        for (JsonNode event : events.get("events")) {
            if (event.get("kind").asString().equals("RESTART")) {
                steps.add(event.get("step").asInt());
            }
        }
        return steps;
    }

    private static List<Double> reference(String name) {
        try (InputStream in = LoggedScheduleTests.class.getResourceAsStream("/reference/schedule_vectors.csv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> line.startsWith(name + ","))
                    .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(',') + 1)))
                    .toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
