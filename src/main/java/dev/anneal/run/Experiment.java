package dev.anneal.run;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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

    /** When it was deleted (MLflow's lifecycle: kept, out of listings, until restored); {@code null} while active. */
    @Column(name = "deleted_at")
    private Instant deletedAt;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "experiment_tag", joinColumns = @JoinColumn(name = "experiment_id"))
    @MapKeyColumn(name = "key")
    @Column(name = "value", nullable = false)
    private Map<String, String> tags = new LinkedHashMap<>();

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

    /** When it was deleted, or empty while it is active. */
    public Optional<Instant> deletedAt() {
        return Optional.ofNullable(deletedAt);
    }

    /** Its tags. */
    public Map<String, String> tags() {
        return Map.copyOf(tags);
    }

    void rename(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    void delete(Instant now) {
        this.deletedAt = now;
    }

    void restore() {
        this.deletedAt = null;
    }

    void tag(String key, String value) {
        tags.put(key, value);
    }
}
