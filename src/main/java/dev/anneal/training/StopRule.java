package dev.anneal.training;

import java.util.Optional;

/**
 * Decides, after each step, whether the run stops before its last epoch: a user's cancel, and later a diverging
 * loss or a sweep's early stop. A run that stops keeps a checkpoint where it got to.
 */
interface StopRule {

    /** Why the run stops after {@code step}, or empty to go on. */
    Optional<String> stopAfter(TrainingListener.StepEnd step, long steps);
}
