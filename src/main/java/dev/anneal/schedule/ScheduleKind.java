package dev.anneal.schedule;

import java.util.Locale;

/** The kinds of learning-rate schedule a run can train along: cosine annealing, and the baselines it is judged against. */
public enum ScheduleKind {
    /** Cosine annealing with warmup, warm restarts and cycle decay ({@link ScheduleConfig}): the default. */
    COSINE,
    /** One rate throughout. */
    CONSTANT,
    /** PyTorch's {@code StepLR}. */
    STEP,
    /** PyTorch's {@code MultiStepLR}. */
    MULTISTEP,
    /** PyTorch's {@code ExponentialLR}. */
    EXPONENTIAL,
    /** PyTorch's {@code LinearLR}. */
    LINEAR,
    /** PyTorch's {@code OneCycleLR}. */
    ONE_CYCLE;

    /** The name as the API spells it: {@code "one_cycle"}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether schedules of this kind run in cycles that restart: what plateau restarts and snapshots need. */
    public boolean restarts() {
        return this == COSINE;
    }
}
