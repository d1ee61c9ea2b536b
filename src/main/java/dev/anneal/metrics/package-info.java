/**
 * Append-only metric points of runs: the batched writer training logs through, series queries with honest
 * downsampling, and the CSV export.
 */
package dev.anneal.metrics;
