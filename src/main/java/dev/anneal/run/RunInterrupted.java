package dev.anneal.run;

import java.time.Instant;
import java.util.UUID;

/**
 * A run stopped without finishing and went back to the queue, to continue from its checkpoint: what the run's events
 * record, with why.
 *
 * @param runId the run
 * @param reason why, in words
 * @param step the run's progress then, in optimizer steps
 * @param epoch the run's progress then, in epochs
 * @param at when
 */
public record RunInterrupted(UUID runId, String reason, long step, double epoch, Instant at) {}
