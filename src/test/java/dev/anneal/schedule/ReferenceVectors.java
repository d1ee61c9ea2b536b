package dev.anneal.schedule;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * PyTorch's reference rates (reference/schedule_vectors.csv for cosine annealing, reference/baseline_vectors.csv for
 * the baselines) as logged series: a case's name is its line's first field, its (t, lr) its last two.
 */
final class ReferenceVectors {

    static final String COSINE = "/reference/schedule_vectors.csv";
    static final String BASELINES = "/reference/baseline_vectors.csv";

    private ReferenceVectors() {}

    /** Every case of {@code file} up to position {@code upTo}, in the file's order. */
    static Map<String, RateSeries> cases(String file, double upTo) {
        var steps = new LinkedHashMap<String, List<Long>>();
        var rates = new LinkedHashMap<String, List<Double>>();
        for (String line : lines(file)) {
            String[] fields = line.split(",");
            double t = Double.parseDouble(fields[fields.length - 2]);
            if (t <= upTo) {
                String name = fields[0];
                steps.computeIfAbsent(name, key -> new ArrayList<>()).add((long) t);
                rates.computeIfAbsent(name, key -> new ArrayList<>())
                        .add(Double.parseDouble(fields[fields.length - 1]));
            }
        }
        var cases = new LinkedHashMap<String, RateSeries>();
        steps.forEach((name, at) -> cases.put(
                name,
                new RateSeries(
                        at.stream().mapToLong(Long::longValue).toArray(),
                        rates.get(name).stream()
                                .mapToDouble(Double::doubleValue)
                                .toArray())));
        return cases;
    }

    /** The kind each case of the baselines' file was made with, from its schedule's JSON. */
    static Map<String, ScheduleKind> baselineKinds() {
        var kinds = new LinkedHashMap<String, ScheduleKind>();
        for (String line : lines(BASELINES)) {
            String kind = line.replaceAll(".*\"\"kind\"\":\"\"([a-z_]+)\"\".*", "$1");
            kinds.putIfAbsent(
                    line.substring(0, line.indexOf(',')), ScheduleKind.valueOf(kind.toUpperCase(Locale.ROOT)));
        }
        return kinds;
    }

    private static List<String> lines(String file) {
        try (InputStream in = ReferenceVectors.class.getResourceAsStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .skip(1)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
