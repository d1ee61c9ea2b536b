/**
 * Sweeps: one request that launches a trial run for every configuration of its parameters (any launch field, named
 * by its JSON path), judges each trial where its schedule reaches its floor (at cycle ends, on the rungs of
 * asynchronous successive halving), stops the losers ({@code PRUNED}), stores every decision with its reasons, and
 * names the best configuration. {@link dev.anneal.sweep.Sweeps} is the module's API; the controller that launches
 * and judges trials ({@code SweepSupervisor}) runs in any process, coordinated through PostgreSQL. Its web layer,
 * REST and pages, lives apart in {@code sweep.web}.
 */
@ApplicationModule(allowedDependencies = {"run", "metrics", "schedule", "access", "web", "database"})
package dev.anneal.sweep;

import org.springframework.modulith.ApplicationModule;
