package dev.anneal.sweep;

import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A launch field named by its JSON path, as the API's error messages name them: {@code schedule.t_mult},
 * {@code model.hidden[0]}. Setting one in a launch body creates the objects on the way that the body leaves out (its
 * defaults then apply to their other fields), but never an array element the body does not have.
 */
final class JsonPaths {

    private static final Pattern SEGMENT = Pattern.compile("([a-z][a-z0-9_]*)((?:\\[\\d{1,4}])*)");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    private JsonPaths() {}

    /** What is wrong with {@code path} as a field's path, if anything. */
    static Optional<String> problem(String path) {
        if (path.isEmpty()) {
            return Optional.of("a parameter's path must name a launch field, such as schedule.t_mult");
        }
        for (String segment : path.split("\\.", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                return Optional.of("%s is not a field's path: write names in snake_case joined by dots, an index as [0]"
                        .formatted(path));
            }
        }
        return Optional.empty();
    }

    /**
     * {@code body} with the field at {@code path} set to {@code value}; the body itself is left as it was. Throws
     * {@link IllegalArgumentException} when the path runs into a value that is not an object, or an index the array
     * lacks.
     */
    static ObjectNode with(ObjectNode body, String path, JsonNode value) {
        var copy = body.deepCopy();
        JsonNode node = copy;
        String[] segments = path.split("\\.");
        for (int s = 0; s < segments.length; s++) {
            var matcher = SEGMENT.matcher(segments[s]);
            if (!matcher.matches()) {
                throw new IllegalArgumentException(problem(path).orElse(path));
            }
            String name = matcher.group(1);
            var indexes = INDEX.matcher(matcher.group(2))
                    .results()
                    .map(found -> Integer.parseInt(found.group(1)))
                    .toList();
            boolean lastSegment = s == segments.length - 1;
            if (!(node instanceof ObjectNode object)) {
                throw new IllegalArgumentException(
                        "%s: the base has a value that is not an object where %s should be".formatted(path, name));
            }
            if (indexes.isEmpty()) {
                if (lastSegment) {
                    object.set(name, value);
                    return copy;
                }
                if (object.get(name) == null || object.get(name).isNull()) {
                    object.putObject(name);
                }
                node = object.get(name);
                continue;
            }
            node = object.get(name);
            for (int i = 0; i < indexes.size(); i++) {
                int index = indexes.get(i);
                if (!(node instanceof ArrayNode array) || index >= array.size()) {
                    throw new IllegalArgumentException(
                            "%s: the base has no element %d in %s to set".formatted(path, index, name));
                }
                if (lastSegment && i == indexes.size() - 1) {
                    array.set(index, value);
                    return copy;
                }
                node = array.get(index);
            }
        }
        return copy;
    }
}
