package dev.anneal.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A PyTorch scheduler as a script declares it (its class name and its constructor's arguments, as the Python
 * client's {@code watch} sends them), read as the schedule Anneal draws: the plan a logged rate is held to. The
 * arguments keep PyTorch's names and defaults ({@code T_0}, {@code T_mult}, {@code eta_min}, {@code step_size},
 * {@code gamma}, {@code milestones}, {@code max_lr}, {@code total_steps}, {@code pct_start}, …); positions are
 * scheduler steps.
 */
public final class ScheduleDeclaration {

    private ScheduleDeclaration() {}

    /** What a declaration came to: the schedule it declares, or why Anneal cannot draw it. */
    public sealed interface Reading {}

    /**
     * The declared schedule.
     *
     * @param schedule the plan, in steps
     */
    public record Declared(RateSchedule schedule) implements Reading {}

    /**
     * A declaration Anneal cannot draw: a scheduler it does not know, or arguments it cannot take.
     *
     * @param reason why, in words a user reads on the run's page
     */
    public record NotDrawn(String reason) implements Reading {}

    /** The classes read, by the name {@code type(scheduler).__name__} gives. */
    public static final List<String> KNOWN = List.of(
            "CosineAnnealingWarmRestarts",
            "CosineAnnealingLR",
            "StepLR",
            "MultiStepLR",
            "ExponentialLR",
            "LinearLR",
            "OneCycleLR");

    /** The schedule {@code className} with {@code arguments} gives a parameter group that starts at {@code baseLr}. */
    public static Reading read(String className, Map<String, ?> arguments, double baseLr) {
        var args = new Arguments(className, arguments);
        try {
            RateSchedule schedule = switch (className) {
                case "CosineAnnealingWarmRestarts" ->
                    ScheduleConfig.builder()
                            .setBaseLr(baseLr)
                            .setTMax(args.number("T_0", null))
                            .optTMult(args.number("T_mult", 1.0))
                            .optEtaMin(args.number("eta_min", 0.0))
                            .optUnit(ScheduleUnit.STEP)
                            .build();
                case "CosineAnnealingLR" ->
                    ScheduleConfig.builder()
                            .setBaseLr(baseLr)
                            .setTMax(args.number("T_max", null))
                            .optEtaMin(args.number("eta_min", 0.0))
                            .optUnit(ScheduleUnit.STEP)
                            .optCycleLimit(1)
                            .build();
                case "StepLR" ->
                    BaselineSchedule.Step.of(
                            baseLr, args.number("step_size", null), args.number("gamma", 0.1), ScheduleUnit.STEP, 0, 0);
                case "MultiStepLR" ->
                    BaselineSchedule.MultiStep.of(
                            baseLr, args.numbers("milestones"), args.number("gamma", 0.1), ScheduleUnit.STEP, 0, 0);
                case "ExponentialLR" ->
                    BaselineSchedule.Exponential.of(baseLr, args.number("gamma", null), ScheduleUnit.STEP, 0, 0);
                case "LinearLR" ->
                    BaselineSchedule.Linear.of(
                            baseLr,
                            args.number("start_factor", 1.0 / 3),
                            args.number("end_factor", 1.0),
                            args.number("total_iters", 5.0),
                            ScheduleUnit.STEP,
                            0,
                            0);
                case "OneCycleLR" -> oneCycle(args);
                default ->
                    throw new Unreadable(
                            "Anneal draws %s; a %s it cannot".formatted(String.join(", ", KNOWN), className));
            };
            return new Declared(schedule);
        } catch (Unreadable | InvalidScheduleException e) {
            return new NotDrawn(className + ": " + e.getMessage());
        }
    }

    private static RateSchedule oneCycle(Arguments args) {
        if (Boolean.TRUE.equals(args.raw("three_phase"))) {
            throw new Unreadable("three_phase is not drawn; two phases are");
        }
        Double total = args.raw("total_steps") != null
                ? args.number("total_steps", null)
                : args.number("epochs", null) * args.number("steps_per_epoch", null);
        String strategy = String.valueOf(args.raw("anneal_strategy") == null ? "cos" : args.raw("anneal_strategy"));
        var anneal = switch (strategy) {
            case "cos" -> BaselineSchedule.OneCycle.Anneal.COS;
            case "linear" -> BaselineSchedule.OneCycle.Anneal.LINEAR;
            default -> throw new Unreadable("anneal_strategy must be cos or linear but was " + strategy);
        };
        return BaselineSchedule.OneCycle.of(
                args.number("max_lr", null),
                total,
                args.number("pct_start", 0.3),
                args.number("div_factor", 25.0),
                args.number("final_div_factor", 1e4),
                anneal,
                ScheduleUnit.STEP);
    }

    /** A declaration's arguments, read by PyTorch's names, each refusal naming the argument. */
    private record Arguments(String className, Map<String, ?> values) {

        Object raw(String name) {
            return values.get(name);
        }

        double number(String name, Double byDefault) {
            Object value = values.get(name);
            if (value == null) {
                if (byDefault == null) {
                    throw new Unreadable(name + " is missing");
                }
                return byDefault;
            }
            if (value instanceof List<?> perGroup && perGroup.size() == 1) {
                value = perGroup.get(0); // max_lr and its kin may be one per parameter group
            }
            if (!(value instanceof Number number) || !Double.isFinite(number.doubleValue())) {
                throw new Unreadable(name + " must be a number but was " + value);
            }
            return number.doubleValue();
        }

        List<Double> numbers(String name) {
            if (!(values.get(name) instanceof List<?> list)) {
                throw new Unreadable(name + " must be a list of numbers but was " + values.get(name));
            }
            var numbers = new ArrayList<Double>();
            for (Object value : list) {
                if (!(value instanceof Number number)) {
                    throw new Unreadable(name + " must be a list of numbers but held " + value);
                }
                numbers.add(number.doubleValue());
            }
            return numbers;
        }
    }

    /** An argument that cannot be read; its message names it. */
    private static final class Unreadable extends RuntimeException {
        Unreadable(String message) {
            super(message);
        }
    }
}
