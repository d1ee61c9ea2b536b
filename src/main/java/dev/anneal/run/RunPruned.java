package dev.anneal.run;

import java.time.Instant;
import java.util.UUID;

/**
 * A sweep's early stopping stopped a run: a worker training it stops within one step, and the run's events record
 * the decision.
 *
 * @param runId the run
 * @param cause the decision, in words: the rung, the run's value there, the threshold and the peers it lost to
 * @param step the run's progress then, in optimizer steps
 * @param epoch the run's progress then, in epochs
 * @param at when
 */
public record RunPruned(UUID runId, String cause, long step, double epoch, Instant at) {}
