package dev.anneal.schedule;

import java.util.List;
import java.util.Locale;

/**
 * The schedules cosine annealing is judged against, with PyTorch's semantics ({@code StepLR}, {@code MultiStepLR},
 * {@code ExponentialLR}, {@code LinearLR}, {@code OneCycleLR}, and a constant rate), in closed form: the rate at
 * position {@code u}, counted as PyTorch counts scheduler steps, from 0. Each kind's factory validates, naming every
 * field at fault; the canonical constructors trust their values, as a stored config is read back unvalidated.
 */
public sealed interface BaselineSchedule {

    /** The rate at position {@code u >= 0}. */
    double rateAt(double u);

    /** A constant rate: {@code base_lr} throughout. */
    record Constant(double baseLr) implements BaselineSchedule {

        public static Constant of(double baseLr) {
            var violations = new Violations();
            violations.greaterThan("base_lr", baseLr, 0);
            violations.throwIfAny();
            return new Constant(baseLr);
        }

        @Override
        public double rateAt(double u) {
            return baseLr;
        }
    }

    /** {@code StepLR}: {@code base_lr · gamma^floor(u / step_size)}. */
    record Step(double baseLr, double stepSize, double gamma) implements BaselineSchedule {

        public static Step of(double baseLr, double stepSize, double gamma) {
            var violations = new Violations();
            violations.greaterThan("base_lr", baseLr, 0);
            violations.greaterThan("step_size", stepSize, 0);
            decay(violations, gamma);
            violations.throwIfAny();
            return new Step(baseLr, stepSize, gamma);
        }

        @Override
        public double rateAt(double u) {
            return baseLr * Math.pow(gamma, Math.floor(u / stepSize));
        }
    }

    /** {@code MultiStepLR}: {@code base_lr · gamma^(milestones ≤ u)}. */
    record MultiStep(double baseLr, List<Double> milestones, double gamma) implements BaselineSchedule {

        public MultiStep {
            milestones = List.copyOf(milestones);
        }

        public static MultiStep of(double baseLr, List<Double> milestones, double gamma) {
            var violations = new Violations();
            violations.greaterThan("base_lr", baseLr, 0);
            if (milestones == null || milestones.isEmpty()) {
                violations.add("milestones", "milestones must hold at least one position");
            } else {
                for (int i = 0; i < milestones.size(); i++) {
                    double milestone = milestones.get(i);
                    if (!(milestone > 0) || (i > 0 && milestone <= milestones.get(i - 1))) {
                        violations.add(
                                "milestones",
                                "milestones must be positive and increasing but were " + format(milestones));
                        break;
                    }
                }
            }
            decay(violations, gamma);
            violations.throwIfAny();
            return new MultiStep(baseLr, milestones, gamma);
        }

        @Override
        public double rateAt(double u) {
            long passed =
                    milestones.stream().filter(milestone -> milestone <= u).count();
            return baseLr * Math.pow(gamma, passed);
        }
    }

    /** {@code ExponentialLR}: {@code base_lr · gamma^u}. */
    record Exponential(double baseLr, double gamma) implements BaselineSchedule {

        public static Exponential of(double baseLr, double gamma) {
            var violations = new Violations();
            violations.greaterThan("base_lr", baseLr, 0);
            decay(violations, gamma);
            violations.throwIfAny();
            return new Exponential(baseLr, gamma);
        }

        @Override
        public double rateAt(double u) {
            return baseLr * Math.pow(gamma, u);
        }
    }

    /**
     * {@code LinearLR}: {@code base_lr} times a factor going in a straight line from {@code start_factor} to
     * {@code end_factor} over {@code total}, then held.
     */
    record Linear(double baseLr, double startFactor, double endFactor, double total) implements BaselineSchedule {

        public static Linear of(double baseLr, double startFactor, double endFactor, double total) {
            var violations = new Violations();
            violations.greaterThan("base_lr", baseLr, 0);
            if (violations.finite("start_factor", startFactor) && (startFactor <= 0 || startFactor > 1)) {
                violations.add("start_factor", "start_factor must be in (0, 1] but was " + Numbers.format(startFactor));
            }
            if (violations.finite("end_factor", endFactor) && (endFactor < 0 || endFactor > 1)) {
                violations.add("end_factor", "end_factor must be in [0, 1] but was " + Numbers.format(endFactor));
            }
            violations.greaterThan("total", total, 0);
            violations.throwIfAny();
            return new Linear(baseLr, startFactor, endFactor, total);
        }

        @Override
        public double rateAt(double u) {
            double done = Math.min(u, total) / total;
            return baseLr * (startFactor + (endFactor - startFactor) * done);
        }
    }

    /**
     * {@code OneCycleLR} (two phases, as PyTorch's default): from {@code base_lr / div_factor} up to {@code base_lr}
     * (the peak) by step {@code pct_start · total − 1}, then down to {@code base_lr / div_factor /
     * final_div_factor} at step {@code total − 1}, each phase along a half cosine or a straight line.
     */
    record OneCycle(
            double baseLr, double total, double pctStart, double divFactor, double finalDivFactor, Anneal anneal)
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
                double baseLr, double total, double pctStart, double divFactor, double finalDivFactor, Anneal anneal) {
            var violations = new Violations();
            violations.greaterThan("base_lr", baseLr, 0);
            violations.greaterThan("total", total, 1);
            if (violations.finite("pct_start", pctStart) && (pctStart <= 0 || pctStart >= 1)) {
                violations.add("pct_start", "pct_start must be in (0, 1) but was " + Numbers.format(pctStart));
            }
            violations.greaterThan("div_factor", divFactor, 0);
            violations.greaterThan("final_div_factor", finalDivFactor, 0);
            if (anneal == null) {
                violations.add("anneal", "anneal must be one of cos, linear but was missing");
            }
            violations.throwIfAny();
            return new OneCycle(baseLr, total, pctStart, divFactor, finalDivFactor, anneal);
        }

        @Override
        public double rateAt(double u) {
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

    /**
     * A baseline after a linear warmup prefix, as cosine annealing has one: from {@code warmup_start_lr} up to the
     * baseline's first rate over {@code warmup}, then the baseline at {@code u = t − warmup}. One-cycle has none: its
     * first phase is its warmup.
     */
    record Warmup(BaselineSchedule after, double warmup, double warmupStartLr) implements BaselineSchedule {

        public static BaselineSchedule of(BaselineSchedule after, double warmup, double warmupStartLr) {
            var violations = new Violations();
            if (after instanceof OneCycle && warmup != 0) {
                violations.add("warmup", "warmup is not for one_cycle: its first phase (pct_start) warms up");
            }
            violations.atLeast("warmup", warmup, 0);
            violations.atLeast("warmup_start_lr", warmupStartLr, 0);
            if (Double.isFinite(warmupStartLr)) {
                violations.atMost("warmup_start_lr", warmupStartLr, after.rateAt(0), "the first rate after warmup");
            }
            violations.throwIfAny();
            return warmup == 0 ? after : new Warmup(after, warmup, warmupStartLr);
        }

        @Override
        public double rateAt(double t) {
            if (t < warmup) {
                return warmupStartLr + (after.rateAt(0) - warmupStartLr) * t / warmup;
            }
            return after.rateAt(t - warmup);
        }
    }

    private static void decay(Violations violations, double gamma) {
        if (violations.finite("gamma", gamma) && (gamma <= 0 || gamma > 1)) {
            violations.add("gamma", "gamma must be in (0, 1] but was " + Numbers.format(gamma));
        }
    }

    private static String format(List<Double> values) {
        return values.stream().map(Numbers::format).toList().toString();
    }
}
