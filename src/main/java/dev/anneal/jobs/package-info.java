/**
 * Dispatch of queued runs to worker slots through db-scheduler on the same PostgreSQL: queued runs survive restarts,
 * heartbeats reveal dead workers, and cancellation reaches a running run within one step.
 */
@ApplicationModule(allowedDependencies = {"run", "training", "finder", "database", "library"})
package dev.anneal.jobs;

import org.springframework.modulith.ApplicationModule;
