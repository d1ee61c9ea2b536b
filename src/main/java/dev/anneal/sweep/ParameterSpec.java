package dev.anneal.sweep;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.SplittableRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * What one parameter of a sweep may be: one of {@code values} (any JSON values, what a grid combines), or a number
 * drawn from {@code distribution} between {@code min} and {@code max} (random sweeps only). Exactly one of the two
 * shapes is set; the request validates that.
 *
 * @param values the values to try, in order
 * @param distribution what a random sweep draws from
 * @param min the smallest value it may draw
 * @param max the largest value it may draw
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ParameterSpec(List<JsonNode> values, Distribution distribution, Double min, Double max) {

    /** A parameter that takes each of {@code values}. */
    public static ParameterSpec of(List<JsonNode> values) {
        return new ParameterSpec(List.copyOf(values), null, null, null);
    }

    /** A parameter drawn from {@code distribution} between {@code min} and {@code max}. */
    public static ParameterSpec drawn(Distribution distribution, double min, double max) {
        return new ParameterSpec(null, distribution, min, max);
    }

    /** Whether it lists its values rather than drawing them. */
    @JsonIgnore
    public boolean isChoice() {
        return values != null;
    }

    /** One value, drawn from {@code random}: one of the values, equally likely, or a draw from the distribution. */
    JsonNode draw(SplittableRandom random) {
        if (isChoice()) {
            return values.get(random.nextInt(values.size()));
        }
        double drawn = distribution.draw(random, min, max);
        return distribution.isWhole()
                ? JsonNodeFactory.instance.numberNode((long) drawn)
                : JsonNodeFactory.instance.numberNode(drawn);
    }
}
