package dev.anneal.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The baseline schedules reproduce PyTorch's own values (reference/baseline_vectors.csv) to 1e-12 relative. */
class BaselineScheduleTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One row of the reference: a case, its schedule as PyTorch was given it, a position and PyTorch's rate. */
    private record Row(String name, JsonNode schedule, double t, double lr) {}

    private static List<Row> reference() throws IOException {
        var rows = new ArrayList<Row>();
        try (var reader = new BufferedReader(new InputStreamReader(
                BaselineScheduleTests.class.getResourceAsStream("/reference/baseline_vectors.csv"),
                StandardCharsets.UTF_8))) {
            reader.readLine(); // case,schedule,t,lr
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                int open = line.indexOf(",\"");
                int close = line.lastIndexOf("\",");
                String schedule = line.substring(open + 2, close).replace("\"\"", "\"");
                String[] tail = line.substring(close + 2).split(",");
                rows.add(new Row(
                        line.substring(0, open),
                        JSON.readTree(schedule),
                        Double.parseDouble(tail[0]),
                        Double.parseDouble(tail[1])));
            }
        }
        return rows;
    }

    /** The schedule a reference row names, PyTorch's defaults filled in as the API will fill them. */
    private static BaselineSchedule of(JsonNode s) {
        double baseLr = s.get("base_lr").asDouble();
        return switch (s.get("kind").asString()) {
            case "constant" -> BaselineSchedule.Constant.of(baseLr);
            case "step" ->
                BaselineSchedule.Step.of(
                        baseLr, s.get("step_size").asDouble(), s.get("gamma").asDouble());
            case "multistep" ->
                BaselineSchedule.MultiStep.of(
                        baseLr,
                        s.get("milestones")
                                .valueStream()
                                .map(JsonNode::asDouble)
                                .toList(),
                        s.get("gamma").asDouble());
            case "exponential" ->
                BaselineSchedule.Exponential.of(baseLr, s.get("gamma").asDouble());
            case "linear" ->
                BaselineSchedule.Linear.of(
                        baseLr,
                        s.get("start_factor").asDouble(),
                        s.get("end_factor").asDouble(),
                        s.get("total").asDouble());
            case "one_cycle" ->
                BaselineSchedule.OneCycle.of(
                        baseLr,
                        s.get("total").asDouble(),
                        s.has("pct_start") ? s.get("pct_start").asDouble() : 0.3,
                        s.has("div_factor") ? s.get("div_factor").asDouble() : 25,
                        s.has("final_div_factor") ? s.get("final_div_factor").asDouble() : 1e4,
                        s.has("anneal") && s.get("anneal").asString().equals("linear")
                                ? BaselineSchedule.OneCycle.Anneal.LINEAR
                                : BaselineSchedule.OneCycle.Anneal.COS);
            default -> throw new IllegalArgumentException("no kind " + s.get("kind"));
        };
    }

    @Test
    void shouldReproduceEveryReferenceRowToOneInATrillion() throws IOException {
        var rows = reference();
        var cases = new LinkedHashSet<String>();
        var wrong = new ArrayList<String>();
        for (var row : rows) {
            cases.add(row.name());
            double lr = of(row.schedule()).rateAt(row.t());
            if (Math.abs(lr - row.lr()) > 1e-12 * Math.abs(row.lr())) {
                wrong.add("%s at %s: %s, PyTorch %s".formatted(row.name(), row.t(), lr, row.lr()));
            }
        }

        assertThat(rows).hasSize(650);
        assertThat(cases).hasSize(7);
        assertThat(wrong).isEmpty();
    }

    @Test
    void shouldWarmUpInAStraightLineThenFollowTheBaselineFromItsStart() {
        var step = BaselineSchedule.Step.of(0.1, 10, 0.5);
        var warmed = BaselineSchedule.Warmup.of(step, 4, 0.02);

        assertThat(warmed.rateAt(0)).isEqualTo(0.02);
        assertThat(warmed.rateAt(2)).isEqualTo(0.06);
        assertThat(warmed.rateAt(4)).isEqualTo(0.1);
        assertThat(warmed.rateAt(14)).isEqualTo(step.rateAt(10));
        assertThat(BaselineSchedule.Warmup.of(step, 0, 0)).isSameAs(step);
        assertThatThrownBy(() -> BaselineSchedule.Warmup.of(
                        BaselineSchedule.OneCycle.of(0.1, 100, 0.3, 25, 1e4, BaselineSchedule.OneCycle.Anneal.COS),
                        5,
                        0))
                .hasMessage("warmup is not for one_cycle: its first phase (pct_start) warms up");
        assertThatThrownBy(() -> BaselineSchedule.Warmup.of(step, 4, 0.5))
                .hasMessageContaining("warmup_start_lr must be <= the first rate after warmup (0.1) but was 0.5");
    }

    @Test
    void shouldRefuseBadValuesNamingEachField() {
        assertThatThrownBy(() -> BaselineSchedule.Step.of(0, 0, 1.5))
                .isInstanceOfSatisfying(
                        InvalidScheduleException.class,
                        e -> assertThat(e.violations())
                                .extracting(ConfigViolation::field)
                                .containsExactly("base_lr", "step_size", "gamma"))
                .hasMessageContaining("gamma must be in (0, 1] but was 1.5");
        assertThatThrownBy(() -> BaselineSchedule.MultiStep.of(0.1, List.of(30.0, 20.0), 0.1))
                .hasMessage("milestones must be positive and increasing but were [30, 20]");
        assertThatThrownBy(() -> BaselineSchedule.OneCycle.of(0.1, 100, 1, 25, 1e4, null))
                .isInstanceOfSatisfying(
                        InvalidScheduleException.class,
                        e -> assertThat(e.violations())
                                .extracting(ConfigViolation::field)
                                .containsExactly("pct_start", "anneal"));
        assertThatThrownBy(() -> BaselineSchedule.Linear.of(0.1, 0, 2, 0))
                .isInstanceOfSatisfying(
                        InvalidScheduleException.class,
                        e -> assertThat(e.violations())
                                .extracting(ConfigViolation::field)
                                .containsExactly("start_factor", "end_factor", "total"));
    }
}
