package dev.anneal.ingest;

import dev.anneal.metrics.MetricKey;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Which of a run's metrics is its learning rate: the names scripts log it under, in order of preference ({@code lr},
 * {@code learning_rate}, Lightning's {@code lr-SGD} and {@code lr-Adam/pg1}, {@code lr/…}); configurable with
 * {@code anneal.ingest.rate-keys}, where a name ending in {@code *} matches any it begins.
 */
@Component
class RateKeys {

    private final List<String> patterns;

    RateKeys(@Value("${anneal.ingest.rate-keys:lr,learning_rate,lr-*,lr/*}") List<String> patterns) {
        this.patterns =
                patterns.stream().map(String::strip).filter(p -> !p.isEmpty()).toList();
    }

    /** The rate among {@code keys}: the first pattern's first match. */
    Optional<MetricKey> find(List<MetricKey> keys) {
        for (String pattern : patterns) {
            for (MetricKey key : keys) {
                if (matches(pattern, key.name())) {
                    return Optional.of(key);
                }
            }
        }
        return Optional.empty();
    }

    /** Whether {@code key} is one of the names a rate is logged under. */
    boolean isRate(MetricKey key) {
        return patterns.stream().anyMatch(pattern -> matches(pattern, key.name()));
    }

    /** The names a rate is looked for under, as configured. */
    List<String> patterns() {
        return patterns;
    }

    private static boolean matches(String pattern, String name) {
        return pattern.endsWith("*")
                ? name.startsWith(pattern.substring(0, pattern.length() - 1))
                : name.equals(pattern);
    }
}
