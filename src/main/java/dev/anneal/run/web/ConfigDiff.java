package dev.anneal.run.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/** What differs between runs' configs, field by field, as JSON paths ({@code schedule.t_mult}). */
final class ConfigDiff {

    private ConfigDiff() {}

    /**
     * One field that differs.
     *
     * @param path the field's JSON path
     * @param values its value in each run, in the order the runs were given; {@code null} where a run lacks it
     */
    record Difference(String path, List<JsonNode> values) {}

    static List<Difference> of(List<JsonNode> configs) {
        var flattened = configs.stream().map(ConfigDiff::flatten).toList();
        var paths = new TreeSet<String>();
        flattened.forEach(fields -> paths.addAll(fields.keySet()));
        var differences = new ArrayList<Difference>();
        for (String path : paths) {
            var values = flattened.stream().map(fields -> fields.get(path)).toList();
            if (values.stream().distinct().count() > 1) {
                differences.add(new Difference(path, values));
            }
        }
        return differences;
    }

    private static Map<String, JsonNode> flatten(JsonNode config) {
        var fields = new TreeMap<String, JsonNode>();
        flatten("", config, fields);
        return fields;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> fields) {
        if (node.isObject()) {
            for (var entry : node.properties()) {
                flatten(prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey(), entry.getValue(), fields);
            }
        } else {
            // lists (tags, hidden sizes, betas) compare whole: [64, 64] against [128] is one difference
            fields.put(prefix, Objects.requireNonNull(node));
        }
    }
}
