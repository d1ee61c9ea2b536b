package dev.anneal.schedule;

/**
 * A cosine-annealing schedule with linear warmup, warm restarts, cycle decay and an optional plateau-restart rule.
 * {@link #builder()} validates: it refuses any configuration that breaks a rule, naming every field at fault. The
 * canonical constructor does not: it is how a configuration validated once, when its run was launched, is read back
 * from storage, and a rule made stricter since must not stop that run from resuming.
 *
 * @param baseLr the peak rate of the first cycle, {@code > 0}
 * @param etaMin the floor every cycle anneals to, in {@code [0, baseLr]}
 * @param tMax the length of the first cycle, in {@code unit}, at least {@value #MIN_T_MAX}
 * @param tMult the factor each cycle's length grows by, a real number {@code >= 1}
 * @param unit what a position counts: steps or fractional epochs
 * @param warmup the length of the linear warmup prefix, in {@code unit}, {@code >= 0}
 * @param warmupStartLr the rate warmup starts from, in {@code [0, baseLr]}
 * @param cycleDecay the factor each cycle's peak is scaled by, in {@code (0, 1]}
 * @param cycleLimit how many cycles run: 0 means restart forever, 1 plain cosine annealing; {@code etaMin} is held
 *     after the last cycle
 * @param plateauRestart when to start the next cycle early, or {@code null} for never
 */
public record ScheduleConfig(
        double baseLr,
        double etaMin,
        double tMax,
        double tMult,
        ScheduleUnit unit,
        double warmup,
        double warmupStartLr,
        double cycleDecay,
        int cycleLimit,
        PlateauRestartConfig plateauRestart)
        implements RateSchedule {

    /**
     * The shortest first cycle: shorter ones restart more often than any run steps, and would put the positions of
     * a long run (or a preview) past the cycle numbers a {@code double} still counts exactly.
     */
    public static final double MIN_T_MAX = 1e-6;

    @Override
    public ScheduleKind kind() {
        return ScheduleKind.COSINE;
    }

    @Override
    public RateCurve curve() {
        return CosineWarmRestarts.of(this);
    }

    /** Throws {@link InvalidScheduleException} naming every field that breaks its bound. */
    private void check() {
        var violations = new Violations();
        violations.greaterThan("base_lr", baseLr, 0);
        violations.atLeast("eta_min", etaMin, 0);
        // bounds relative to base_lr only mean something once base_lr itself is valid
        boolean baseLrValid = Double.isFinite(baseLr) && baseLr > 0;
        if (baseLrValid) {
            violations.atMost("eta_min", etaMin, baseLr, "base_lr");
        }
        violations.atLeast("t_max", tMax, MIN_T_MAX);
        violations.atLeast("t_mult", tMult, 1);
        if (unit == null) {
            violations.add("unit", "unit must be one of step, epoch but was missing");
        }
        violations.atLeast("warmup", warmup, 0);
        violations.atLeast("warmup_start_lr", warmupStartLr, 0);
        if (baseLrValid) {
            violations.atMost("warmup_start_lr", warmupStartLr, baseLr, "base_lr");
        }
        violations.finite("cycle_decay", cycleDecay);
        if (Double.isFinite(cycleDecay) && (cycleDecay <= 0 || cycleDecay > 1)) {
            violations.add("cycle_decay", "cycle_decay must be in (0, 1] but was " + Numbers.format(cycleDecay));
        }
        if (cycleLimit < 0) {
            violations.add("cycle_limit", "cycle_limit must be >= 0 but was " + cycleLimit);
        }
        if (plateauRestart != null) {
            plateauRestart.check(violations);
        }
        violations.throwIfAny();
    }

    /** Starts a builder with every optional field at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether the schedule restarts after a plateau of its watched metric. */
    public boolean restartsOnPlateau() {
        return plateauRestart != null;
    }

    /**
     * Builds a {@link ScheduleConfig}: {@code setX} for the required values, {@code optX} for those with defaults
     * ({@code eta_min 0, t_mult 1, unit step, warmup 0, warmup_start_lr 0, cycle_decay 1, cycle_limit 0}, no
     * plateau restarts).
     */
    public static final class Builder {

        private double baseLr = Double.NaN;
        private double tMax = Double.NaN;
        private double etaMin = 0;
        private double tMult = 1;
        private ScheduleUnit unit = ScheduleUnit.STEP;
        private double warmup = 0;
        private double warmupStartLr = 0;
        private double cycleDecay = 1;
        private int cycleLimit = 0;
        private PlateauRestartConfig plateauRestart;

        private Builder() {}

        /** Sets the peak rate of the first cycle. */
        public Builder setBaseLr(double baseLr) {
            this.baseLr = baseLr;
            return this;
        }

        /** Sets the length of the first cycle, in the schedule's unit. */
        public Builder setTMax(double tMax) {
            this.tMax = tMax;
            return this;
        }

        /** Sets the floor every cycle anneals to; default 0. */
        public Builder optEtaMin(double etaMin) {
            this.etaMin = etaMin;
            return this;
        }

        /** Sets the factor each cycle's length grows by; default 1. */
        public Builder optTMult(double tMult) {
            this.tMult = tMult;
            return this;
        }

        /** Sets what a position counts; default steps. */
        public Builder optUnit(ScheduleUnit unit) {
            this.unit = unit;
            return this;
        }

        /** Sets the length of the linear warmup prefix; default 0. */
        public Builder optWarmup(double warmup) {
            this.warmup = warmup;
            return this;
        }

        /** Sets the rate warmup starts from; default 0. */
        public Builder optWarmupStartLr(double warmupStartLr) {
            this.warmupStartLr = warmupStartLr;
            return this;
        }

        /** Sets the factor each cycle's peak is scaled by; default 1. */
        public Builder optCycleDecay(double cycleDecay) {
            this.cycleDecay = cycleDecay;
            return this;
        }

        /** Sets how many cycles run, 0 for no limit; default 0. */
        public Builder optCycleLimit(int cycleLimit) {
            this.cycleLimit = cycleLimit;
            return this;
        }

        /** Sets when to start the next cycle early; default never. */
        public Builder optPlateauRestart(PlateauRestartConfig plateauRestart) {
            this.plateauRestart = plateauRestart;
            return this;
        }

        /** Validates and builds the configuration; throws {@link InvalidScheduleException} naming each bad field. */
        public ScheduleConfig build() {
            var config = new ScheduleConfig(
                    baseLr, etaMin, tMax, tMult, unit, warmup, warmupStartLr, cycleDecay, cycleLimit, plateauRestart);
            config.check();
            return config;
        }
    }
}
