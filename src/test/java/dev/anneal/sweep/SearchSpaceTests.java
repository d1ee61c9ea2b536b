package dev.anneal.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** A sweep's configurations: a grid's combinations, seeded draws, and parameter paths set in a launch body. */
class SearchSpaceTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    private static Map<String, ParameterSpec> space(Object... pathsAndSpecs) {
        var space = new LinkedHashMap<String, ParameterSpec>();
        for (int i = 0; i < pathsAndSpecs.length; i += 2) {
            space.put((String) pathsAndSpecs[i], (ParameterSpec) pathsAndSpecs[i + 1]);
        }
        return space;
    }

    @Test
    void shouldCombineEveryValueWithTheLastParameterFastest() {
        var grid = SearchSpace.grid(space(
                "schedule.t_mult", ParameterSpec.of(List.of(json("1"), json("2"))),
                "schedule.base_lr", ParameterSpec.of(List.of(json("0.1"), json("0.01"), json("0.001")))));

        assertThat(grid).hasSize(6);
        assertThat(grid.get(0))
                .containsEntry("schedule.t_mult", json("1"))
                .containsEntry("schedule.base_lr", json("0.1"));
        assertThat(grid.get(1).get("schedule.base_lr")).isEqualTo(json("0.01"));
        assertThat(grid.get(3).get("schedule.t_mult")).isEqualTo(json("2"));
        assertThat(SearchSpace.gridSize(space(
                        "a", ParameterSpec.of(List.of(json("1"), json("2"))),
                        "b", ParameterSpec.of(List.of(json("1"), json("2"), json("3"))))))
                .isEqualTo(6);
    }

    @Test
    void shouldDrawTheSameConfigurationsFromTheSameSeedWithinTheirBounds() {
        var parameters = space(
                "schedule.base_lr", ParameterSpec.drawn(Distribution.LOG_UNIFORM, 1e-4, 1e-1),
                "schedule.t_max", ParameterSpec.drawn(Distribution.INT_UNIFORM, 1, 3),
                "schedule.eta_min", ParameterSpec.drawn(Distribution.UNIFORM, 0, 1e-4),
                "optimizer.name", ParameterSpec.of(List.of(json("\"sgd\""), json("\"adamw\""))));

        var first = SearchSpace.random(parameters, 7, 200);
        var again = SearchSpace.random(parameters, 7, 200);
        var other = SearchSpace.random(parameters, 8, 200);

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        assertThat(first).allSatisfy(configuration -> {
            assertThat(configuration.get("schedule.base_lr").asDouble()).isBetween(1e-4, 1e-1);
            assertThat(configuration.get("schedule.t_max").isIntegralNumber()).isTrue();
            assertThat(configuration.get("schedule.t_max").asLong()).isBetween(1L, 3L);
            assertThat(configuration.get("schedule.eta_min").asDouble()).isBetween(0.0, 1e-4);
        });
        // log-uniform: about a third of the draws in each decade
        long lowestDecade = first.stream()
                .filter(c -> c.get("schedule.base_lr").asDouble() < 1e-3)
                .count();
        assertThat(lowestDecade).isBetween(45L, 90L);
        assertThat(first.stream().map(c -> c.get("schedule.t_max").asLong()).distinct())
                .hasSize(3);
        assertThat(first.stream().map(c -> c.get("optimizer.name").asString()).distinct())
                .hasSize(2);
    }

    @Test
    void shouldSetAFieldByItsPathCreatingTheObjectsOnTheWay() {
        var base = (ObjectNode) json("""
                {"schedule": {"base_lr": 0.1, "t_max": 1}, "model": {"name": "mlp", "hidden": [64, 32]}}""");

        var withMult = JsonPaths.with(base, "schedule.t_mult", json("2"));
        var withWidth = JsonPaths.with(base, "model.hidden[1]", json("16"));
        var withAugment = JsonPaths.with(base, "dataset.augment.max_shift", json("2"));

        assertThat(withMult.get("schedule")).isEqualTo(json("{\"base_lr\": 0.1, \"t_max\": 1, \"t_mult\": 2}"));
        assertThat(withWidth.get("model").get("hidden")).isEqualTo(json("[64, 16]"));
        assertThat(withAugment.get("dataset")).isEqualTo(json("{\"augment\": {\"max_shift\": 2}}"));
        assertThat(base.get("schedule").has("t_mult"))
                .as("the base is left as it was")
                .isFalse();
        assertThatThrownBy(() -> JsonPaths.with(base, "model.hidden[5]", json("1")))
                .hasMessageContaining("no element 5");
        assertThatThrownBy(() -> JsonPaths.with(base, "schedule.base_lr.x", json("1")))
                .hasMessageContaining("not an object");
        assertThat(JsonPaths.problem("schedule.T_max")).isPresent();
        assertThat(JsonPaths.problem("schedule..t_max")).isPresent();
        assertThat(JsonPaths.problem("model.hidden[0]")).isEmpty();
    }
}
