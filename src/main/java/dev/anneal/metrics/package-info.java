/**
 * Append-only metric points of runs: the batched writer training logs through, series queries with honest
 * downsampling, and the CSV export.
 */
@ApplicationModule(allowedDependencies = {"run", "database", "web"})
package dev.anneal.metrics;

import org.springframework.modulith.ApplicationModule;
