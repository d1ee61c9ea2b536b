package dev.anneal.sweep;

import java.time.Instant;
import java.util.UUID;

/**
 * A sweep as stored: its request and where it is.
 *
 * @param id the sweep's id
 * @param owner who launched it, and so owns its trials
 * @param status where it is
 * @param spec what was requested, validated
 * @param createdAt when it was created
 * @param finishedAt when it finished or was cancelled, or {@code null} while it runs
 */
public record Sweep(UUID id, String owner, SweepStatus status, SweepSpec spec, Instant createdAt, Instant finishedAt) {

    /** The sweep's name. */
    public String name() {
        return spec.name();
    }
}
