package dev.anneal.run.web;

import dev.anneal.run.RunSpec.DatasetName;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the launch form's code needs to know of the datasets, told by the server in the page's {@code data-datasets}
 * rather than copied into JavaScript: each one's training pool size, and which one a launch trains on by default.
 *
 * @param sizes each dataset's pool size, by its API name
 * @param defaultName the dataset of a launch that names none
 * @param uploaded each uploaded dataset's training examples, by its name
 */
record LaunchFacts(Map<String, Integer> sizes, String defaultName, Map<String, Integer> uploaded) {

    /** The facts of {@link DatasetName}, and of the uploaded datasets {@code uploaded}. */
    static LaunchFacts of(Map<String, Integer> uploaded) {
        return new LaunchFacts(poolSizes(), LaunchRequest.DEFAULT_DATASET.apiName(), uploaded);
    }

    private static Map<String, Integer> poolSizes() {
        var sizes = new LinkedHashMap<String, Integer>();
        Arrays.stream(DatasetName.values()).forEach(name -> sizes.put(name.apiName(), name.poolSize()));
        return Map.copyOf(sizes);
    }
}
