/**
 * Dispatch of queued runs to worker slots through db-scheduler on the same PostgreSQL: queued runs survive restarts,
 * heartbeats reveal dead workers, and cancellation reaches a running run within one step.
 */
package dev.anneal.jobs;
