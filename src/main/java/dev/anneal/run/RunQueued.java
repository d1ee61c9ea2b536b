package dev.anneal.run;

import java.util.UUID;

/**
 * A run entered the queue: newly launched, resumed by a user, or requeued because its worker died.
 *
 * @param runId the run
 */
public record RunQueued(UUID runId) {}
