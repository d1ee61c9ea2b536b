/**
 * Runs logged from outside ({@code kind: external}): what a script's own training loop sends, through Anneal's native
 * logging API ({@code /api/runs/{id}/log} and {@code /finish}), MLflow's tracking API or the served Python client,
 * stored as a run's metrics, params and tags. {@link dev.anneal.ingest.RunLogs} is the module's API; its web layer
 * lives apart in {@code ingest.web}.
 */
@ApplicationModule(allowedDependencies = {"run", "metrics", "schedule", "artifacts", "access", "web", "database"})
package dev.anneal.ingest;

import org.springframework.modulith.ApplicationModule;
