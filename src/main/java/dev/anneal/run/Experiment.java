package dev.anneal.run;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A named group of runs that belong together, such as every schedule tried on one dataset. */
@Entity
@Table(name = "experiment")
public class Experiment {

    @Id
    private UUID id;

    @Column(nullable = false, unique = true)
    private String name;

    @Column(nullable = false)
    private String description;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Experiment() {}

    Experiment(String name, String description, Instant createdAt) {
        this.id = UUID.randomUUID();
        this.name = Objects.requireNonNull(name, "name");
        this.description = Objects.requireNonNull(description, "description");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    }

    /** The experiment's id. */
    public UUID id() {
        return id;
    }

    /** The experiment's unique name. */
    public String name() {
        return name;
    }

    /** What the experiment is about. */
    public String description() {
        return description;
    }

    /** When the experiment was created. */
    public Instant createdAt() {
        return createdAt;
    }
}
