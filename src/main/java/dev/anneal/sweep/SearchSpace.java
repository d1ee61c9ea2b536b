package dev.anneal.sweep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import tools.jackson.databind.JsonNode;

/**
 * The configurations of a sweep, each a value for every parameter by its path, in the order the parameters were
 * given: a grid's every combination (the last parameter varying fastest), or a random sweep's draws, which depend on
 * its seed alone, so the same request gives the same sweep.
 */
final class SearchSpace {

    private SearchSpace() {}

    /** How many configurations the grid of {@code parameters} has; saturates rather than overflowing. */
    static long gridSize(Map<String, ParameterSpec> parameters) {
        long size = 1;
        try {
            for (var parameter : parameters.values()) {
                size = Math.multiplyExact(size, parameter.values().size());
            }
        } catch (ArithmeticException tooMany) {
            return Long.MAX_VALUE;
        }
        return size;
    }

    /** Every combination of the listed values; each parameter must be a choice. */
    static List<Map<String, JsonNode>> grid(Map<String, ParameterSpec> parameters) {
        List<Map<String, JsonNode>> configurations = new ArrayList<>(List.of(Map.of()));
        for (var parameter : parameters.entrySet()) {
            var next = new ArrayList<Map<String, JsonNode>>();
            for (var configuration : configurations) {
                for (var value : parameter.getValue().values()) {
                    var extended = new LinkedHashMap<>(configuration);
                    extended.put(parameter.getKey(), value);
                    next.add(Collections.unmodifiableMap(extended));
                }
            }
            configurations = next;
        }
        return List.copyOf(configurations);
    }

    /** {@code count} configurations drawn from a generator seeded with {@code seed}, parameter by parameter. */
    static List<Map<String, JsonNode>> random(Map<String, ParameterSpec> parameters, long seed, int count) {
        var random = new SplittableRandom(seed);
        var configurations = new ArrayList<Map<String, JsonNode>>();
        for (int i = 0; i < count; i++) {
            var configuration = new LinkedHashMap<String, JsonNode>();
            parameters.forEach((path, parameter) -> configuration.put(path, parameter.draw(random)));
            configurations.add(Collections.unmodifiableMap(configuration));
        }
        return List.copyOf(configurations);
    }
}
