package dev.anneal.run.web;

import dev.anneal.schedule.ScheduleKind;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields each kind of schedule takes, as the API names them. A field of another kind is refused by name, so a
 * {@code t_mult} left on a step schedule is a 400, not a value silently ignored.
 */
final class ScheduleFields {

    private static final List<String> EVERY_KIND = List.of("kind", "base_lr", "unit");
    private static final List<String> WARMUP = List.of("warmup", "warmup_start_lr");

    private static final Map<ScheduleKind, Set<String>> FIELDS = new EnumMap<>(ScheduleKind.class);

    static {
        FIELDS.put(
                ScheduleKind.COSINE,
                fields(
                        List.of("eta_min", "t_max", "t_mult", "cycle_decay", "cycle_limit", "restart_on_plateau"),
                        WARMUP));
        FIELDS.put(ScheduleKind.CONSTANT, fields(WARMUP));
        FIELDS.put(ScheduleKind.STEP, fields(List.of("step_size", "gamma"), WARMUP));
        FIELDS.put(ScheduleKind.MULTISTEP, fields(List.of("milestones", "gamma"), WARMUP));
        FIELDS.put(ScheduleKind.EXPONENTIAL, fields(List.of("gamma"), WARMUP));
        FIELDS.put(ScheduleKind.LINEAR, fields(List.of("start_factor", "end_factor", "total"), WARMUP));
        FIELDS.put(
                ScheduleKind.ONE_CYCLE,
                fields(List.of("total", "pct_start", "div_factor", "final_div_factor", "anneal")));
    }

    private ScheduleFields() {}

    @SafeVarargs
    private static Set<String> fields(List<String>... groups) {
        var names = new LinkedHashSet<>(EVERY_KIND);
        for (var group : groups) {
            names.addAll(group);
        }
        return Set.copyOf(names);
    }

    /** The fields a schedule of {@code kind} takes. */
    static Set<String> of(ScheduleKind kind) {
        return FIELDS.get(kind);
    }

    /** Why {@code field}, given, is refused on a schedule of {@code kind}. */
    static String foreign(String prefix, String field, ScheduleKind kind) {
        String why = kind == ScheduleKind.ONE_CYCLE && field.startsWith("warmup")
                ? ": its first phase (pct_start) is its warmup"
                : kind.restarts() ? "" : ": it has no cycles";
        return "%s.%s is not a field of a %s schedule%s".formatted(prefix, field, kind.apiName(), why);
    }
}
