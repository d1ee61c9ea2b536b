package dev.anneal.schedule;

import dev.anneal.schedule.SchedulePreview.Warning;
import java.util.List;
import java.util.Locale;

/**
 * The schedules cosine annealing is judged against, with PyTorch's semantics ({@code StepLR}, {@code MultiStepLR},
 * {@code ExponentialLR}, {@code LinearLR}, {@code OneCycleLR}, and a constant rate), in closed form. Position
 * {@code t} counts as cosine's does (steps, or fractional epochs), from 0; every kind but one-cycle may start with a
 * linear warmup from {@code warmup_start_lr} to its first rate, after which it runs at {@code u = t − warmup}.
 *
 * <p>Each kind's {@code of} validates, naming every field at fault; the canonical constructors trust their values,
 * as a stored config is read back unvalidated. A baseline has no cycles: it is its own {@link RateCurve}.
 */
public sealed interface BaselineSchedule extends RateSchedule, RateCurve {

    /** The length of the linear warmup prefix, in the schedule's unit; 0 for none. */
    double warmup();

    /** The rate warmup starts from. */
    double warmupStartLr();

    /** The baseline's own rate at {@code u = t − warmup >= 0}, as PyTorch's scheduler gives it after {@code u} steps. */
    double afterWarmup(double u);

    @Override
    default double rate(double t) {
        if (t < warmup()) {
            return warmupStartLr() + (afterWarmup(0) - warmupStartLr()) * t / warmup();
        }
        return afterWarmup(t - warmup());
    }

    @Override
    default RateCurve curve() {
        return this;
    }

    @Override
    default List<Cycle> cyclesBetween(double from, double to, int limit) {
        return List.of();
    }

    @Override
    default List<Warning> configWarnings() {
        return List.of();
    }

    @Override
    default List<Warning> runWarnings(double runEnd, double lastPosition) {
        return List.of();
    }

    /** A constant rate: {@code base_lr} throughout. */
    record Constant(double baseLr, ScheduleUnit unit, double warmup, double warmupStartLr) implements BaselineSchedule {

        public static Constant of(double baseLr, ScheduleUnit unit, double warmup, double warmupStartLr) {
            var violations = new Violations();
            violations.greaterThan("base_lr", baseLr, 0);
            var schedule = new Constant(baseLr, unit, warmup, warmupStartLr);
            checkWarmup(violations, schedule);
            violations.throwIfAny();
            return schedule;
        }

        @Override
        public ScheduleKind kind() {
            return ScheduleKind.CONSTANT;
        }

        @Override
        public double afterWarmup(double u) {
            return baseLr;
        }
    }

    /** {@code StepLR}: {@code base_lr · gamma^floor(u / step_size)}. */
    record Step(double baseLr, double stepSize, double gamma, ScheduleUnit unit, double warmup, double warmupStartLr)
            implements BaselineSchedule {

        public static Step of(
                double baseLr, double stepSize, double gamma, ScheduleUnit unit, double warmup, double warmupStartLr) {
            var violations = new Violations();
            violations.greaterThan("base_lr", baseLr, 0);
            violations.greaterThan("step_size", stepSize, 0);
            decay(violations, gamma);
            var schedule = new Step(baseLr, stepSize, gamma, unit, warmup, warmupStartLr);
            checkWarmup(violations, schedule);
            violations.throwIfAny();
            return schedule;
        }

        @Override
        public ScheduleKind kind() {
            return ScheduleKind.STEP;
        }

        @Override
        public List<Warning> runWarnings(double runEnd, double lastPosition) {
            return BaselineWarnings.ofStep(this, runEnd);
        }

        @Override
        public double afterWarmup(double u) {
            return baseLr * Math.pow(gamma, Math.floor(u / stepSize));
        }
    }

    /** {@code MultiStepLR}: {@code base_lr · gamma^(milestones ≤ u)}. */
    record MultiStep(
            double baseLr,
            List<Double> milestones,
            double gamma,
            ScheduleUnit unit,
            double warmup,
            double warmupStartLr)
            implements BaselineSchedule {

        public MultiStep {
            milestones = List.copyOf(milestones);
        }

        public static MultiStep of(
                double baseLr,
                List<Double> milestones,
                double gamma,
                ScheduleUnit unit,
                double warmup,
                double warmupStartLr) {
            var violations = new Violations();
            violations.greaterThan("base_lr", baseLr, 0);
            boolean increasing = milestones != null && !milestones.isEmpty();
            for (int i = 0; increasing && i < milestones.size(); i++) {
                Double milestone = milestones.get(i);
                increasing = milestone != null
                        && milestone > 0
                        && Double.isFinite(milestone)
                        && (i == 0 || milestone > milestones.get(i - 1));
            }
            if (milestones == null || milestones.isEmpty()) {
                violations.add("milestones", "milestones must hold at least one position");
            } else if (!increasing) {
                violations.add(
                        "milestones", "milestones must be positive and increasing but were " + format(milestones));
            }
            decay(violations, gamma);
            var schedule = new MultiStep(
                    baseLr, increasing ? milestones : List.of(Double.MAX_VALUE), gamma, unit, warmup, warmupStartLr);
            checkWarmup(violations, schedule);
            violations.throwIfAny();
            return schedule;
        }

        @Override
        public ScheduleKind kind() {
            return ScheduleKind.MULTISTEP;
        }

        @Override
        public List<Warning> runWarnings(double runEnd, double lastPosition) {
            return BaselineWarnings.ofMultiStep(this, runEnd);
        }

        @Override
        public double afterWarmup(double u) {
            long passed =
                    milestones.stream().filter(milestone -> milestone <= u).count();
            return baseLr * Math.pow(gamma, passed);
        }
    }

    /** {@code ExponentialLR}: {@code base_lr · gamma^u}. */
    record Exponential(double baseLr, double gamma, ScheduleUnit unit, double warmup, double warmupStartLr)
            implements BaselineSchedule {

        public static Exponential of(
                double baseLr, double gamma, ScheduleUnit unit, double warmup, double warmupStartLr) {
            var violations = new Violations();
            violations.greaterThan("base_lr", baseLr, 0);
            decay(violations, gamma);
            var schedule = new Exponential(baseLr, gamma, unit, warmup, warmupStartLr);
            checkWarmup(violations, schedule);
            violations.throwIfAny();
            return schedule;
        }

        @Override
        public ScheduleKind kind() {
            return ScheduleKind.EXPONENTIAL;
        }

        @Override
        public double afterWarmup(double u) {
            return baseLr * Math.pow(gamma, u);
        }
    }

    /**
     * {@code LinearLR}: {@code base_lr} times a factor going in a straight line from {@code start_factor} to
     * {@code end_factor} over {@code total}, then held.
     */
    record Linear(
            double baseLr,
            double startFactor,
            double endFactor,
            double total,
            ScheduleUnit unit,
            double warmup,
            double warmupStartLr)
            implements BaselineSchedule {

        public static Linear of(
                double baseLr,
                double startFactor,
                double endFactor,
                double total,
                ScheduleUnit unit,
                double warmup,
                double warmupStartLr) {
            var violations = new Violations();
            violations.greaterThan("base_lr", baseLr, 0);
            if (violations.finite("start_factor", startFactor) && (startFactor <= 0 || startFactor > 1)) {
                violations.add("start_factor", "start_factor must be in (0, 1] but was " + Numbers.format(startFactor));
            }
            if (violations.finite("end_factor", endFactor) && (endFactor < 0 || endFactor > 1)) {
                violations.add("end_factor", "end_factor must be in [0, 1] but was " + Numbers.format(endFactor));
            }
            violations.greaterThan("total", total, 0);
            var schedule = new Linear(baseLr, startFactor, endFactor, total, unit, warmup, warmupStartLr);
            checkWarmup(violations, schedule);
            violations.throwIfAny();
            return schedule;
        }

        @Override
        public ScheduleKind kind() {
            return ScheduleKind.LINEAR;
        }

        @Override
        public double afterWarmup(double u) {
            double done = Math.min(u, total) / total;
            return baseLr * (startFactor + (endFactor - startFactor) * done);
        }
    }

    /**
     * {@code OneCycleLR} (two phases, as PyTorch's default): from {@code base_lr / div_factor} up to {@code base_lr}
     * (the peak) by position {@code pct_start · total − 1}, then down to {@code base_lr / div_factor /
     * final_div_factor} at {@code total − 1}, each phase along a half cosine or a straight line, then held. It has no
     * warmup prefix: its first phase is its warmup.
     */
    record OneCycle(
            double baseLr,
            double total,
            double pctStart,
            double divFactor,
            double finalDivFactor,
            Anneal anneal,
            ScheduleUnit unit)
            implements BaselineSchedule {

        /** How each phase moves between its ends. */
        public enum Anneal {
            COS,
            LINEAR;

            /** The name as the API spells it: {@code "cos"}. */
            public String apiName() {
                return name().toLowerCase(Locale.ROOT);
            }
        }

        public static OneCycle of(
                double baseLr,
                double total,
                double pctStart,
                double divFactor,
                double finalDivFactor,
                Anneal anneal,
                ScheduleUnit unit) {
            var violations = new Violations();
            violations.greaterThan("base_lr", baseLr, 0);
            violations.greaterThan("total", total, 1);
            if (violations.finite("pct_start", pctStart) && (pctStart <= 0 || pctStart >= 1)) {
                violations.add("pct_start", "pct_start must be in (0, 1) but was " + Numbers.format(pctStart));
            }
            // PyTorch divides by the peak's position, pct_start · total − 1: it must come after the first step
            boolean bothValid = total > 1 && pctStart > 0 && pctStart < 1 && Double.isFinite(total);
            if (bothValid && total * pctStart <= 1) {
                violations.add(
                        "pct_start",
                        "pct_start · total must be > 1 (the peak comes after the first position) but was "
                                + Numbers.format(total * pctStart));
            }
            violations.greaterThan("div_factor", divFactor, 0);
            violations.greaterThan("final_div_factor", finalDivFactor, 0);
            if (anneal == null) {
                violations.add("anneal", "anneal must be one of cos, linear but was missing");
            }
            violations.throwIfAny();
            return new OneCycle(baseLr, total, pctStart, divFactor, finalDivFactor, anneal, unit);
        }

        @Override
        public ScheduleKind kind() {
            return ScheduleKind.ONE_CYCLE;
        }

        @Override
        public double warmup() {
            return 0;
        }

        @Override
        public double warmupStartLr() {
            return 0;
        }

        @Override
        public List<Warning> runWarnings(double runEnd, double lastPosition) {
            return BaselineWarnings.ofOneCycle(this, runEnd);
        }

        @Override
        public double afterWarmup(double u) {
            double initial = baseLr / divFactor;
            double floor = initial / finalDivFactor;
            double peakAt = pctStart * total - 1;
            double endAt = total - 1;
            if (u <= peakAt) {
                return between(initial, baseLr, u / peakAt);
            }
            return between(baseLr, floor, Math.min(1, (u - peakAt) / (endAt - peakAt)));
        }

        private double between(double from, double to, double share) {
            return anneal == Anneal.COS
                    ? to + (from - to) / 2 * (Math.cos(Math.PI * share) + 1)
                    : (to - from) * share + from;
        }
    }

    /** The warmup prefix's own bounds, checked against the first rate after it once the baseline's are valid. */
    private static void checkWarmup(Violations violations, BaselineSchedule schedule) {
        if (schedule.unit() == null) {
            violations.add("unit", "unit must be one of step, epoch but was missing");
        }
        violations.atLeast("warmup", schedule.warmup(), 0);
        violations.atLeast("warmup_start_lr", schedule.warmupStartLr(), 0);
        double first = schedule.afterWarmup(0);
        if (Double.isFinite(first) && first > 0 && Double.isFinite(schedule.warmupStartLr())) {
            violations.atMost("warmup_start_lr", schedule.warmupStartLr(), first, "the first rate after warmup");
        }
    }

    private static void decay(Violations violations, double gamma) {
        if (violations.finite("gamma", gamma) && (gamma <= 0 || gamma > 1)) {
            violations.add("gamma", "gamma must be in (0, 1] but was " + Numbers.format(gamma));
        }
    }

    private static String format(List<Double> values) {
        return values.stream()
                .map(v -> v == null ? "null" : Numbers.format(v))
                .toList()
                .toString();
    }
}
