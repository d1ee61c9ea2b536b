package dev.anneal.run;

import java.util.UUID;

/**
 * A user cancelled a run; a worker training it stops within one step.
 *
 * @param runId the run
 */
public record RunCancelled(UUID runId) {}
