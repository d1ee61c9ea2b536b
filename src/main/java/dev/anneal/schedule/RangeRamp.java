package dev.anneal.schedule;

import java.util.Locale;

/**
 * The LR range test's ramp (Smith, "Cyclical Learning Rates", §3.3; fastai's {@code lr_find}): one optimizer step per
 * batch at rates rising from {@code startLr} to {@code endLr} over {@code numSteps} steps, geometrically or in a
 * straight line, stopped once the smoothed loss diverges. {@link #builder()} validates, naming each field at fault;
 * the canonical constructor trusts its values, as a stored run's config is read back without validating again.
 *
 * @param startLr the first step's rate, {@code > 0}
 * @param endLr the last step's rate, {@code > startLr}
 * @param numSteps how many steps the ramp takes, 10 to 10 000
 * @param mode how the rate rises between them
 * @param smoothing the decay of the loss's debiased exponential moving average, in {@code [0, 1)}
 * @param divergeFactor the test stops once the smoothed loss passes this many times its best, {@code > 1}
 * @param repeats how many times the test runs, each with the next seed, 1 to 5
 */
public record RangeRamp(
        double startLr, double endLr, int numSteps, Mode mode, double smoothing, double divergeFactor, int repeats) {

    /** The fewest steps a ramp takes: fewer cannot show a valley. */
    public static final int MIN_STEPS = 10;

    /** The most steps a ramp takes. */
    public static final int MAX_STEPS = 10_000;

    /** The most repeats. */
    public static final int MAX_REPEATS = 5;

    /** How the rate rises from step to step. */
    public enum Mode {
        /** By a constant factor: {@code start · (end/start)^(i/(n−1))}, equal room for every decade. */
        EXPONENTIAL,
        /** By a constant amount: {@code start + (end − start) · i/(n−1)}. */
        LINEAR;

        /** The name as the API spells it: {@code "exponential"}. */
        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A ramp with every field at its default (1e-7 to 10 over 100 steps, exponential, 0.98, 4, once). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The rate of step {@code step}, counted from 0: exactly {@code startLr} at 0 and {@code endLr} at
     * {@code numSteps − 1}.
     */
    public double rateAt(long step) {
        if (step < 0 || step >= numSteps) {
            throw new IllegalArgumentException("step %d is outside the ramp's 0..%d".formatted(step, numSteps - 1));
        }
        if (step == numSteps - 1) {
            return endLr; // exactly, where the power would round
        }
        double fraction = (double) step / (numSteps - 1);
        return mode == Mode.EXPONENTIAL
                ? startLr * Math.pow(endLr / startLr, fraction)
                : startLr + (endLr - startLr) * fraction;
    }

    private void check() {
        var violations = new Violations();
        violations.greaterThan("start_lr", startLr, 0);
        violations.finite("end_lr", endLr);
        if (Double.isFinite(startLr) && Double.isFinite(endLr) && startLr > 0 && endLr <= startLr) {
            violations.add(
                    "end_lr",
                    "end_lr must be > start_lr (%s) but was %s"
                            .formatted(Numbers.format(startLr), Numbers.format(endLr)));
        }
        if (numSteps < MIN_STEPS || numSteps > MAX_STEPS) {
            violations.add(
                    "num_steps",
                    "num_steps must be between %d and %d but was %d".formatted(MIN_STEPS, MAX_STEPS, numSteps));
        }
        if (mode == null) {
            violations.add("mode", "mode must be one of exponential, linear but was missing");
        }
        if (violations.finite("smoothing", smoothing) && (smoothing < 0 || smoothing >= 1)) {
            violations.add("smoothing", "smoothing must be in [0, 1) but was " + Numbers.format(smoothing));
        }
        violations.greaterThan("diverge_factor", divergeFactor, 1);
        if (repeats < 1 || repeats > MAX_REPEATS) {
            violations.add("repeats", "repeats must be between 1 and %d but was %d".formatted(MAX_REPEATS, repeats));
        }
        violations.throwIfAny();
    }

    /** Builds a validated ramp; unset fields keep their defaults. */
    public static final class Builder {

        private double startLr = 1e-7;
        private double endLr = 10;
        private int numSteps = 100;
        private Mode mode = Mode.EXPONENTIAL;
        private double smoothing = 0.98;
        private double divergeFactor = 4;
        private int repeats = 1;

        private Builder() {}

        public Builder optStartLr(double startLr) {
            this.startLr = startLr;
            return this;
        }

        public Builder optEndLr(double endLr) {
            this.endLr = endLr;
            return this;
        }

        public Builder optNumSteps(int numSteps) {
            this.numSteps = numSteps;
            return this;
        }

        public Builder optMode(Mode mode) {
            this.mode = mode;
            return this;
        }

        public Builder optSmoothing(double smoothing) {
            this.smoothing = smoothing;
            return this;
        }

        public Builder optDivergeFactor(double divergeFactor) {
            this.divergeFactor = divergeFactor;
            return this;
        }

        public Builder optRepeats(int repeats) {
            this.repeats = repeats;
            return this;
        }

        /** The ramp; throws {@link InvalidScheduleException} naming every field that breaks its rule. */
        public RangeRamp build() {
            var ramp = new RangeRamp(startLr, endLr, numSteps, mode, smoothing, divergeFactor, repeats);
            ramp.check();
            return ramp;
        }
    }
}
