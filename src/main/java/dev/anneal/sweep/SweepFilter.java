package dev.anneal.sweep;

/**
 * Which sweeps a listing shows; a {@code null} criterion selects every sweep.
 *
 * @param status sweeps in this status
 * @param experiment sweeps whose trials belong to this experiment
 * @param nameContains sweeps whose name contains this, ignoring case
 */
public record SweepFilter(SweepStatus status, String experiment, String nameContains) {}
