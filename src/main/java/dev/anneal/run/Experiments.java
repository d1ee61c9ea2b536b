package dev.anneal.run;

import dev.anneal.access.Actor;
import dev.anneal.access.NotPermittedException;
import dev.anneal.access.Role;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Experiments as a team manages them (MLflow's clients create, rename, tag, delete and restore them): an experiment
 * is otherwise made by the first run launched into it. Deleting one keeps it and its runs, out of listings until it
 * is restored. Changing one takes a member; renaming, deleting or restoring one that holds someone else's runs takes
 * an admin.
 */
@Service
public class Experiments {

    /** The most experiments a listing reads. */
    public static final int MAX_LISTED = 10_000;

    private final ExperimentRepository experiments;
    private final RunRepository runs;
    private final Clock clock;

    Experiments(ExperimentRepository experiments, RunRepository runs, Clock clock) {
        this.experiments = experiments;
        this.runs = runs;
        this.clock = clock;
    }

    /** Creates the experiment {@code name}; empty when one of that name exists already. */
    @Transactional
    public Optional<Experiment> create(String name) {
        if (experiments.findByName(name).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(experiments.save(new Experiment(name, "", clock.instant())));
    }

    /** The experiment with {@code id}. */
    @Transactional(readOnly = true)
    public Optional<Experiment> find(UUID id) {
        return experiments.findById(id);
    }

    /** The experiment named {@code name}, or (for {@code create}) made on first use, as a launch does. */
    @Transactional(readOnly = true)
    public Optional<Experiment> findByName(String name) {
        return experiments.findByName(name);
    }

    /** Every experiment, oldest first, at most {@value #MAX_LISTED}. */
    @Transactional(readOnly = true)
    public List<Experiment> all() {
        return experiments.findAll().stream()
                .sorted(Comparator.comparing(Experiment::createdAt).thenComparing(Experiment::name))
                .limit(MAX_LISTED)
                .toList();
    }

    /** Renames experiment {@code id}; refused ({@link IllegalArgumentException}) when the name is taken. */
    @Transactional
    public Experiment rename(UUID id, String name, Actor actor) {
        var experiment = changeable(id, actor, "rename");
        var taken = experiments.findByName(name);
        if (taken.isPresent() && !taken.get().id().equals(id)) {
            throw new IllegalArgumentException("an experiment named " + name + " exists already");
        }
        experiment.rename(name);
        return experiment;
    }

    /** Marks experiment {@code id} deleted, or (with {@code deleted} false) restores it. */
    @Transactional
    public Experiment setDeleted(UUID id, boolean deleted, Actor actor) {
        var experiment = changeable(id, actor, deleted ? "delete" : "restore");
        if (deleted) {
            experiment.delete(clock.instant());
        } else {
            experiment.restore();
        }
        return experiment;
    }

    /** Sets the tag {@code key} of experiment {@code id}. */
    @Transactional
    public Experiment tag(UUID id, String key, String value, Actor actor) {
        var experiment = changeable(id, actor, "tag");
        experiment.tag(key, value);
        return experiment;
    }

    private Experiment changeable(UUID id, Actor actor, String act) {
        var experiment = experiments.findById(id).orElseThrow(() -> new ExperimentNotFoundException(id.toString()));
        if (!actor.role().includes(Role.ADMIN) && !act.equals("tag") && runs.countOthersIn(id, actor.username()) > 0) {
            throw new NotPermittedException(
                    "only an admin may %s experiment %s: it holds runs of others".formatted(act, experiment.name()));
        }
        return experiment;
    }
}
