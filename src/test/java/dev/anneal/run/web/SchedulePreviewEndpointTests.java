package dev.anneal.run.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The preview endpoint alone (a web slice, so without Anneal's access rules: a viewer with a CSRF token). */
@WebMvcTest(SchedulePreviewController.class)
@ActiveProfiles("test")
class SchedulePreviewEndpointTests {

    @Autowired
    private MockMvc mvc;

    @Autowired
    private JsonMapper json;

    private ResultActions preview(String body) throws Exception {
        return mvc.perform(post("/api/schedules/preview")
                .with(user("viewer").roles("VIEWER"))
                .with(csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }

    /** One case of PyTorch's reference vectors: its configuration (as JSON) and its (t, lr) rows. */
    private record ReferenceCase(String name, String schedule, List<double[]> rows) {}

    private static Map<String, ReferenceCase> referenceCases() throws IOException {
        var cases = new LinkedHashMap<String, ReferenceCase>();
        try (InputStream in =
                SchedulePreviewEndpointTests.class.getResourceAsStream("/reference/schedule_vectors.csv")) {
            var lines = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .skip(1)
                    .toList();
            for (String line : lines) {
                String[] f = line.split(",");
                String schedule = """
                        {"base_lr":%s,"eta_min":%s,"t_max":%s,"t_mult":%s,"warmup":%s,"warmup_start_lr":%s,\
                        "cycle_decay":%s,"cycle_limit":%s}""".formatted(f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8]);
                cases.computeIfAbsent(f[0], name -> new ReferenceCase(name, schedule, new ArrayList<>()))
                        .rows()
                        .add(new double[] {Double.parseDouble(f[9]), Double.parseDouble(f[10])});
            }
        }
        return cases;
    }

    @Test
    void shouldReproduceEveryPyTorchReferenceValueToOnePartInATrillion() throws Exception {
        var cases = referenceCases();
        int checked = 0;
        for (ReferenceCase reference : cases.values()) {
            var positions = reference.rows().stream().map(row -> row[0]).toList();
            String body =
                    "{\"schedule\":%s,\"at\":%s}".formatted(reference.schedule(), json.writeValueAsString(positions));

            String response = preview(body)
                    .andExpect(status().isOk())
                    .andReturn()
                    .getResponse()
                    .getContentAsString();

            JsonNode points = json.readTree(response).get("points");
            for (int i = 0; i < reference.rows().size(); i++) {
                double t = reference.rows().get(i)[0];
                double expected = reference.rows().get(i)[1];
                double actual = points.get(i).get("lr").asDouble();
                assertThat(points.get(i).get("t").asDouble()).isEqualTo(t);
                assertThat(relativeError(actual, expected))
                        .as("%s at t=%s: %s vs PyTorch %s", reference.name(), t, actual, expected)
                        .isLessThanOrEqualTo(1e-12);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(406);
    }

    /**
     * PyTorch's baselines (reference/baseline_vectors.csv: case, the schedule as JSON, t, lr): each row's schedule is
     * sent as it is, so PyTorch's defaults (one_cycle's pct_start, div_factors, anneal) are the endpoint's too.
     */
    @Test
    void shouldReproduceEveryBaselineReferenceValueToOnePartInATrillion() throws Exception {
        var schedules = new LinkedHashMap<String, String>();
        var rows = new LinkedHashMap<String, List<double[]>>();
        try (InputStream in =
                SchedulePreviewEndpointTests.class.getResourceAsStream("/reference/baseline_vectors.csv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .skip(1)
                    .toList()) {
                int open = line.indexOf(",\"");
                int close = line.lastIndexOf("\",");
                String name = line.substring(0, open);
                String[] tail = line.substring(close + 2).split(",");
                schedules.putIfAbsent(name, line.substring(open + 2, close).replace("\"\"", "\""));
                rows.computeIfAbsent(name, n -> new ArrayList<>())
                        .add(new double[] {Double.parseDouble(tail[0]), Double.parseDouble(tail[1])});
            }
        }
        int checked = 0;
        for (var entry : schedules.entrySet()) {
            var cases = rows.get(entry.getKey());
            var positions = cases.stream().map(row -> row[0]).toList();
            JsonNode points = json.readTree(preview("{\"schedule\":%s,\"at\":%s}"
                                    .formatted(entry.getValue(), json.writeValueAsString(positions)))
                            .andExpect(status().isOk())
                            .andExpect(jsonPath("$.cycles.length()").value(0))
                            .andReturn()
                            .getResponse()
                            .getContentAsString())
                    .get("points");
            for (int i = 0; i < cases.size(); i++) {
                double expected = cases.get(i)[1];
                double actual = points.get(i).get("lr").asDouble();
                assertThat(relativeError(actual, expected))
                        .as("%s at t=%s: %s vs PyTorch %s", entry.getKey(), cases.get(i)[0], actual, expected)
                        .isLessThanOrEqualTo(1e-12);
                checked++;
            }
        }
        assertThat(schedules).hasSize(7);
        assertThat(checked).isEqualTo(650);
    }

    @Test
    void shouldRefuseAFieldOfAnotherKindByName() throws Exception {
        preview("""
                        {"schedule": {"kind": "step", "base_lr": 0.1, "step_size": 10, "t_mult": 2},
                         "total_steps": 40}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("schedule.t_mult"))
                .andExpect(jsonPath("$.errors[0].message")
                        .value("schedule.t_mult is not a field of a step schedule: it has no cycles"));
        preview("""
                        {"schedule": {"kind": "one_cycle", "base_lr": 0.1, "total": 100, "warmup": 5},
                         "total_steps": 100}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("schedule.warmup"))
                .andExpect(jsonPath("$.errors[0].message")
                        .value("schedule.warmup is not a field of a one_cycle schedule: its first phase (pct_start)"
                                + " is its warmup"));
        preview("""
                        {"schedule": {"kind": "cosine", "base_lr": 0.1, "t_max": 10, "gamma": 0.5},
                         "total_steps": 40}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value("schedule.gamma is not a field of a cosine schedule"));
    }

    @Test
    void shouldNameEveryBadFieldOfABaselineAndTheKindsThereAre() throws Exception {
        preview("""
                        {"schedule": {"kind": "step", "base_lr": -1, "gamma": 2}, "total_steps": 40}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field")
                        .value(org.hamcrest.Matchers.containsInAnyOrder(
                                "schedule.base_lr", "schedule.gamma", "schedule.step_size")))
                .andExpect(jsonPath("$.errors[?(@.field == 'schedule.gamma')].message")
                        .value("schedule.gamma must be in (0, 1] but was 2"));
        preview("""
                        {"schedule": {"kind": "sawtooth", "base_lr": 0.1}, "total_steps": 40}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("schedule.kind"))
                .andExpect(jsonPath("$.errors[0].message")
                        .value("schedule.kind must be one of cosine, constant, step, multistep, exponential, linear,"
                                + " one_cycle but was sawtooth"));
    }

    @Test
    void shouldPreviewABaselineRunWithItsWarmupAndWarnWhenItNeverDecays() throws Exception {
        preview("""
                        {"schedule": {"kind": "step", "base_lr": 0.1, "step_size": 2, "gamma": 0.5, "unit": "epoch",
                                      "warmup": 1, "warmup_start_lr": 0.01},
                         "total_steps": 500, "steps_per_epoch": 100}""")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.points[0].lr").value(0.01))
                .andExpect(jsonPath("$.points[100].lr").value(0.1))
                .andExpect(jsonPath("$.points[299].lr").value(0.1))
                .andExpect(jsonPath("$.points[300].lr").value(0.05))
                .andExpect(jsonPath("$.cycles.length()").value(0))
                .andExpect(jsonPath("$.warnings.length()").value(0));
        preview("""
                        {"schedule": {"kind": "step", "base_lr": 0.1, "step_size": 50}, "total_steps": 40}""")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.warnings[0].code").value("NEVER_DECAYS"));
        preview("""
                        {"schedule": {"kind": "one_cycle", "base_lr": 0.1, "total": 100}, "total_steps": 60}""")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.warnings[0].code").value("ONE_CYCLE_LONGER_THAN_RUN"));
    }

    private static double relativeError(double actual, double expected) {
        if (expected == 0) {
            return Math.abs(actual);
        }
        return Math.abs(actual - expected) / Math.abs(expected);
    }

    @Test
    void shouldPreviewAWholeRunWithCyclesAndWarnings() throws Exception {
        preview("""
                        {"schedule": {"base_lr": 0.1, "t_max": 10, "t_mult": 2}, "total_steps": 40}""")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.points.length()").value(40))
                .andExpect(jsonPath("$.points[10].t").value(10.0))
                .andExpect(jsonPath("$.points[10].lr").value(0.1))
                .andExpect(jsonPath("$.cycles.length()").value(3))
                .andExpect(jsonPath("$.cycles[2].start").value(30.0))
                .andExpect(jsonPath("$.cycles[2].length").value(40.0))
                .andExpect(jsonPath("$.cycles[2].peak").value(0.1))
                .andExpect(jsonPath("$.warnings[0].code").value("ENDS_MID_CYCLE"));
    }

    @Test
    void shouldPreviewAnEpochScheduleOnePointPerStep() throws Exception {
        preview("""
                        {"schedule": {"base_lr": 0.1, "t_max": 1, "t_mult": 2, "unit": "epoch"},
                         "total_steps": 300, "steps_per_epoch": 100}""")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.points.length()").value(300))
                .andExpect(jsonPath("$.points[50].t").value(0.5))
                .andExpect(jsonPath("$.points[100].lr").value(0.1))
                .andExpect(jsonPath("$.warnings.length()").value(0));
    }

    @Test
    void shouldPreviewTheLargestRunAllowed() throws Exception {
        preview("""
                        {"schedule": {"base_lr": 0.1, "t_max": 1000, "t_mult": 2}, "total_steps": 100000}""")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.points.length()").value(100_000));
    }

    @Test
    void shouldListAThousandCyclesAndSayWhenARunCrossesMore() throws Exception {
        preview("""
                        {"schedule": {"base_lr": 0.1, "t_max": 0.000001}, "total_steps": 100000}""")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.points.length()").value(100_000))
                .andExpect(jsonPath("$.cycles.length()").value(1_000))
                .andExpect(jsonPath("$.cycles[999].index").value(999))
                .andExpect(jsonPath("$.warnings[?(@.code == 'CYCLES_NOT_ALL_LISTED')].message")
                        .value("the positions cross more than 1000 cycles; the first 1000 are listed"));
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                bad("missing base_lr", """
                        {"schedule": {"t_max": 10}, "total_steps": 5}""", "schedule.base_lr", "schedule.base_lr is required"),
                bad("missing schedule", """
                        {"total_steps": 5}""", "schedule", "schedule is required"),
                bad("wrong type", """
                        {"schedule": {"base_lr": "fast", "t_max": 10}, "total_steps": 5}""", "schedule.base_lr", "schedule.base_lr must be a number"),
                bad("number as a string", """
                        {"schedule": {"base_lr": "0.1", "t_max": 10}, "total_steps": 5}""", "schedule.base_lr", "schedule.base_lr must be a number"),
                bad("fractional count", """
                        {"schedule": {"base_lr": 0.1, "t_max": 10}, "total_steps": 5.5}""", "total_steps", "total_steps must be an integer"),
                bad("out of range", """
                        {"schedule": {"base_lr": 0.1, "t_max": 10, "t_mult": 0.5}, "total_steps": 5}""", "schedule.t_mult", "schedule.t_mult must be >= 1 but was 0.5"),
                bad(
                        "cross-field bound",
                        """
                        {"schedule": {"base_lr": 0.1, "t_max": 10, "eta_min": 0.5}, "total_steps": 5}""",
                        "schedule.eta_min",
                        "schedule.eta_min must be <= base_lr (0.1) but was 0.5"),
                bad("unknown unit", """
                        {"schedule": {"base_lr": 0.1, "t_max": 10, "unit": "batch"}, "total_steps": 5}""", "schedule.unit", "schedule.unit must be one of step, epoch but was batch"),
                bad(
                        "unknown field",
                        """
                        {"schedule": {"base_lr": 0.1, "t_max": 10, "tmult": 2}, "total_steps": 5}""",
                        "schedule.tmult",
                        "schedule.tmult is not a known field; known fields are anneal, base_lr, cycle_decay, cycle_limit, div_factor,"
                                + " end_factor, eta_min, final_div_factor, gamma, kind, milestones, pct_start, restart_on_plateau,"
                                + " start_factor, step_size, t_max, t_mult, total, unit, warmup, warmup_start_lr"),
                bad("absurd size", """
                        {"schedule": {"base_lr": 0.1, "t_max": 10}, "total_steps": 1000000000}""", "total_steps", "total_steps must be between 1 and 100000 but was 1000000000"),
                bad("beyond a long", """
                        {"schedule": {"base_lr": 0.1, "t_max": 10}, "total_steps": 1e30}""", "total_steps", "total_steps must be an integer"),
                bad("zero steps", """
                        {"schedule": {"base_lr": 0.1, "t_max": 10}, "total_steps": 0}""", "total_steps", "total_steps must be between 1 and 100000 but was 0"),
                bad("neither total_steps nor at", """
                        {"schedule": {"base_lr": 0.1, "t_max": 10}}""", "total_steps", "give exactly one of total_steps or at"),
                bad(
                        "epoch run without steps per epoch",
                        """
                        {"schedule": {"base_lr": 0.1, "t_max": 1, "unit": "epoch"}, "total_steps": 5}""",
                        "steps_per_epoch",
                        "steps_per_epoch is required with unit epoch and total_steps"),
                bad("negative position", """
                        {"schedule": {"base_lr": 0.1, "t_max": 10}, "at": [1, -2]}""", "at[1]", "at[1] must be a number in [0, 1000000000] but was -2.0"),
                bad("null position", """
                        {"schedule": {"base_lr": 0.1, "t_max": 10}, "at": [null]}""", "at[0]", "at[0] must be a number in [0, 1000000000] but was null"),
                bad(
                        "a position past any run",
                        """
                        {"schedule": {"base_lr": 0.1, "t_max": 1}, "at": [0, 1e15]}""",
                        "at[1]",
                        "at[1] must be a number in [0, 1000000000] but was 1.0E15"),
                bad(
                        "cycles shorter than any run steps",
                        """
                        {"schedule": {"base_lr": 0.1, "t_max": 1e-7}, "total_steps": 100000}""",
                        "schedule.t_max",
                        "schedule.t_max must be >= 1e-6 but was 1e-7"),
                bad("empty positions", """
                        {"schedule": {"base_lr": 0.1, "t_max": 10}, "at": []}""", "at", "at must hold between 1 and 100000 positions but held 0"),
                bad(
                        "bad plateau rule",
                        """
                        {"schedule": {"base_lr": 0.1, "t_max": 10, "restart_on_plateau": {"patience": 0}}, "at": [1]}""",
                        "schedule.restart_on_plateau.patience",
                        "schedule.restart_on_plateau.patience must be >= 1 but was 0"),
                bad("a list for an object", """
                        {"schedule": [0.1, 10], "total_steps": 5}""", "schedule", "schedule must be an object"));
    }

    private static Arguments bad(String name, String body, String field, String message) {
        return Arguments.of(name, body, field, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void shouldAnswerABadRequestWithProblemDetailsNamingTheField(String name, String body, String field, String message)
            throws Exception {
        preview(body)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.errors[0].field").value(field))
                .andExpect(jsonPath("$.errors[0].message").value(message))
                .andExpect(jsonPath("$.trace").doesNotExist());
    }

    @Test
    void shouldNameEveryBadFieldAtOnce() throws Exception {
        preview("""
                        {"schedule": {"t_max": -1, "t_mult": 0.5, "unit": "epochs", "cycle_decay": 2},
                         "total_steps": 1000000000}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("6 fields are invalid"))
                .andExpect(jsonPath("$.errors[*].field")
                        .value(org.hamcrest.Matchers.containsInAnyOrder(
                                "schedule.base_lr",
                                "schedule.unit",
                                "schedule.t_max",
                                "schedule.t_mult",
                                "schedule.cycle_decay",
                                "total_steps")));
    }

    @Test
    void shouldPointAtMalformedJson() throws Exception {
        preview("{\"schedule\": {\"base_lr\": 0.1,")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].message")
                        .value(org.hamcrest.Matchers.startsWith("malformed JSON at line 1, column ")));
    }

    @Test
    void shouldRefuseAMissingBody() throws Exception {
        preview("")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.title").value("Invalid request"));
    }

    @Test
    void shouldRefuseAnOversizedBody() throws Exception {
        String huge = "{\"schedule\": {\"base_lr\": 0.1, \"t_max\": 10}, \"at\": [" + "1.0, ".repeat(1_000_000) + "1]}";

        preview(huge)
                .andExpect(status().isPayloadTooLarge())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail")
                        .value("the request body is larger than the 4194304 bytes the API accepts"));
    }

    @Test
    void shouldRefuseAnUnsupportedMediaTypeAsAProblem() throws Exception {
        mvc.perform(post("/api/schedules/preview")
                        .with(user("viewer").roles("VIEWER"))
                        .with(csrf())
                        .contentType(MediaType.TEXT_PLAIN)
                        .content("hello"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }
}
