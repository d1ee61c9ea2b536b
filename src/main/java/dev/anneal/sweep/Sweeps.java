package dev.anneal.sweep;

import dev.anneal.access.Actor;
import dev.anneal.access.NotPermittedException;
import dev.anneal.run.LaunchQuota;
import dev.anneal.run.QueuedWork;
import dev.anneal.run.Runs;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The sweep module's API: creates sweeps from validated plans, finds and lists them, and cancels them. Launching and
 * judging trials is the controller's ({@code SweepSupervisor}), which any process runs.
 */
@Service
public class Sweeps {

    private final SweepStore store;
    private final Runs runs;
    private final LaunchQuota quota;
    private final Clock clock;

    Sweeps(SweepStore store, Runs runs, LaunchQuota quota, Clock clock) {
        this.store = store;
        this.runs = runs;
        this.quota = quota;
        this.clock = clock;
    }

    /**
     * Stores {@code plan} as a running sweep owned by {@code owner}, every trial with it; the controller launches
     * them, {@code parallelism} at a time, from its next round on. Every trial counts against the owner's quota of
     * queued work from now on: refused with {@link dev.anneal.run.QuotaExceededException} past it.
     */
    @Transactional
    public Sweep create(SweepPlan plan, String owner) {
        quota.admit(owner, new QueuedWork(plan.trials().size(), plan.totalSteps()));
        var id = UUID.randomUUID();
        store.create(id, plan, owner, clock.instant());
        return get(id);
    }

    /** The sweep with {@code id}. */
    @Transactional(readOnly = true)
    public Sweep get(UUID id) {
        return store.find(id).orElseThrow(() -> new SweepNotFoundException(id));
    }

    /** The sweep with its trials in order, each with the rungs it reached and the decisions made there. */
    @Transactional(readOnly = true)
    public WithTrials withTrials(UUID id) {
        return new WithTrials(get(id), store.trials(id));
    }

    /** One page ({@code page} from 0, of {@code size}) of the sweeps {@code filter} selects, newest first. */
    @Transactional(readOnly = true)
    public Page list(SweepFilter filter, int page, int size) {
        var found = store.list(filter, page, size);
        return new Page(found.sweeps(), found.total());
    }

    /**
     * Stops a running sweep: it launches nothing more, and its queued and running trials are cancelled (they keep
     * their checkpoints, as any cancelled run). Only its owner or an admin may.
     */
    @Transactional
    public Sweep cancel(UUID id, Actor actor) {
        var sweep = store.lock(id).orElseThrow(() -> new SweepNotFoundException(id));
        if (!actor.mayChangeWhatBelongsTo(sweep.owner())) {
            throw new NotPermittedException("only the sweep's owner (%s) or an admin may cancel it; %s is a %s"
                    .formatted(sweep.owner(), actor.username(), actor.role().apiName()));
        }
        if (!store.move(id, SweepStatus.RUNNING, SweepStatus.CANCELLED, clock.instant())) {
            throw new SweepStatusException(id, sweep.status(), SweepStatus.CANCELLED);
        }
        for (var trial : store.trials(id)) {
            if (trial.runId() != null && !runs.get(trial.runId()).status().isTerminal()) {
                runs.cancel(trial.runId(), actor);
            }
        }
        return get(id);
    }

    /**
     * A sweep and its trials, read together.
     *
     * @param sweep the sweep
     * @param trials its trials in order
     */
    public record WithTrials(Sweep sweep, List<TrialRecord> trials) {}

    /**
     * One page of sweeps.
     *
     * @param sweeps the sweeps on it
     * @param total how many sweeps match in all
     */
    public record Page(List<Listed> sweeps, long total) {}

    /**
     * A sweep in a listing.
     *
     * @param sweep the sweep
     * @param trials how many trials it has
     */
    public record Listed(Sweep sweep, int trials) {}
}
