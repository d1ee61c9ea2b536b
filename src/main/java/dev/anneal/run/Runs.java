package dev.anneal.run;

import dev.anneal.access.Actor;
import dev.anneal.access.NotPermittedException;
import dev.anneal.schedule.RateSchedule;
import java.time.Clock;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The run module's API: launches, finds, cancels and resumes runs, and lets the worker that trains a run record its
 * life. Every status change goes through {@link Run}'s guarded transitions.
 */
@Service
public class Runs {

    private final RunRepository runs;
    private final ExperimentRepository experiments;
    private final ApplicationEventPublisher events;
    private final RunDocuments documents;
    private final LaunchQuota quota;
    private final Clock clock;

    Runs(
            RunRepository runs,
            ExperimentRepository experiments,
            ApplicationEventPublisher events,
            RunDocuments documents,
            LaunchQuota quota,
            Clock clock) {
        this.quota = quota;
        this.runs = runs;
        this.experiments = experiments;
        this.events = events;
        this.documents = documents;
        this.clock = clock;
    }

    /**
     * Queues a run of {@code spec}, validated by the caller (the web layer, once), launched by {@code owner}; a spec
     * without a name is named after its model, its dataset and its id. Refused with {@link QuotaExceededException}
     * when it would take the owner past their quota of queued work.
     */
    @Transactional
    public Run launch(RunSpec spec, String owner) {
        quota.admit(owner, new QueuedWork(1, spec.plannedSteps()));
        return launch(spec, owner, null);
    }

    /**
     * Opens a run that a script outside Anneal trains and logs ({@link RunSpec#external}), owned by {@code owner}: it
     * is {@code RUNNING} at once, and no worker ever takes it. A spec without a name is named after its script, or
     * "script", and its id.
     */
    @Transactional
    public Run open(RunSpec spec, RunSource source, Map<String, String> params, String owner) {
        if (spec.kind() != RunKind.EXTERNAL) {
            throw new IllegalArgumentException("only an external run is opened; a " + spec.kind() + " is launched");
        }
        var id = UUID.randomUUID();
        var named = spec.name() != null ? spec : spec.withName(scriptName(source) + "-" + shortId(id));
        var run = create(id, named, owner, null);
        run.open(clock.instant());
        run.record(params);
        if (source.isSaid()) {
            run.describeSource(documents.write(source));
        }
        actedOn(run, RunActedOn.Act.LAUNCHED, owner);
        return run;
    }

    /**
     * Records what a script logged to its run {@code id} besides metrics: {@code params} (write-once, refused with
     * {@link ParamChangedException} when one would change) and {@code tags}, and that it logged up to
     * {@code lastStep} ({@code -1}: no step). Only the run's owner or an admin may, and only to an external run
     * ({@link NotLoggedRunException}). Joins the caller's transaction, which stores the metrics with it; a param or
     * tag that changes moves the run's version, so a concurrent change of the run fails, to be tried again
     * ({@link dev.anneal.web.ConflictRetry}).
     */
    @Transactional
    public Run recordLog(UUID id, Actor actor, long lastStep, Map<String, String> params, Map<String, String> tags) {
        logged(id, actor, "log to");
        if (lastStep >= 0) {
            runs.reportLogged(id, lastStep, clock.instant()); // clears what this transaction read: read it again
        }
        var run = get(id);
        run.record(params);
        run.tag(tags);
        return run;
    }

    /**
     * Checks that {@code actor} may log to the run {@code id}: it is an external run, theirs or they are an admin.
     * Returns it, for the caller's transaction.
     */
    @Transactional(readOnly = true)
    public Run requireLoggable(UUID id, Actor actor) {
        return logged(id, actor, "log to");
    }

    /**
     * Ends the external run {@code id} as its script says: {@code SUCCEEDED} (MLflow's {@code FINISHED}),
     * {@code FAILED} or {@code CANCELLED} ({@code KILLED}).
     */
    @Transactional
    public Run end(UUID id, RunStatus outcome, Actor actor) {
        var run = logged(id, actor, "end");
        run.end(outcome, clock.instant());
        return run;
    }

    /** Takes the ended external run {@code id} up again: {@code RUNNING}, as MLflow's resumed run is. */
    @Transactional
    public Run reopen(UUID id, Actor actor) {
        var run = logged(id, actor, "reopen");
        run.open(clock.instant());
        return run;
    }

    /** Renames the external run {@code id} (MLflow's {@code mlflow.runName}, its {@code run_name}). */
    @Transactional
    public Run rename(UUID id, String name, Actor actor) {
        var run = logged(id, actor, "rename");
        run.rename(name);
        return run;
    }

    /** Removes the tag {@code key} from the external run {@code id}; whether it had one. */
    @Transactional
    public boolean untag(UUID id, String key, Actor actor) {
        return logged(id, actor, "untag").untag(key);
    }

    /**
     * Declares the schedule the external run {@code id}'s script trains along ({@code null}: none it can draw): its
     * config holds it from now on, as a launched run's holds the one it trains along.
     */
    @Transactional
    public Run declare(UUID id, RateSchedule schedule, Actor actor) {
        var run = logged(id, actor, "declare a schedule for");
        var spec = documents.spec(run);
        run.declare(
                documents.write(RunSpec.external(spec.name(), spec.experiment(), spec.tags(), spec.notes(), schedule)));
        return run;
    }

    /** Records what Anneal made of the external run {@code id}'s logged rate (the ingest module reads it). */
    @Transactional
    public void readSchedule(UUID id, ScheduleReading reading) {
        found(id, runs.reportScheduleReading(id, documents.write(reading)));
    }

    /**
     * Marks the run {@code id} deleted (MLflow's lifecycle: kept, out of listings, until restored), or restores it.
     * Only its owner or an admin may; a run Anneal is queuing or training is not deleted (409): cancel it first.
     */
    @Transactional
    public Run setDeleted(UUID id, boolean deleted, Actor actor) {
        var run = get(id);
        permit(run, actor, deleted ? "delete" : "restore");
        if (deleted && run.kind().isTrainedByAnneal() && !run.status().isTerminal()) {
            throw new IllegalTransitionException("Run %s is %s: cancel it before deleting it"
                    .formatted(id, run.status().name().toLowerCase(java.util.Locale.ROOT)));
        }
        if (deleted) {
            run.delete(clock.instant());
        } else {
            run.restore();
        }
        return run;
    }

    /** Records where the external run {@code id} came from (MLflow's {@code mlflow.source.*} tags). */
    @Transactional
    public Run describeSource(UUID id, RunSource source, Actor actor) {
        var run = logged(id, actor, "describe");
        run.describeSource(documents.write(source));
        return run;
    }

    /**
     * The runs of the experiments {@code experimentIds}, deleted ones or active ones as {@code deleted} says, newest
     * first, at most {@code limit}: what a search reads before it filters.
     */
    @Transactional(readOnly = true)
    public List<Run> inExperiments(Collection<UUID> experimentIds, boolean deleted, int limit) {
        return runs.findInExperiments(experimentIds, deleted, org.springframework.data.domain.PageRequest.of(0, limit));
    }

    /** The params the scripts of {@code ids} logged, by run: one query for many runs. */
    @Transactional(readOnly = true)
    public Map<UUID, Map<String, String>> paramsOf(Collection<UUID> ids) {
        var params = new HashMap<UUID, Map<String, String>>();
        if (!ids.isEmpty()) {
            for (Object[] row : runs.findParams(ids)) {
                params.computeIfAbsent((UUID) row[0], id -> new HashMap<>()).put((String) row[1], (String) row[2]);
            }
        }
        return params;
    }

    /** The params its script logged to the run {@code id}; none for a run Anneal trained. */
    @Transactional(readOnly = true)
    public Map<String, String> params(UUID id) {
        return get(id).params();
    }

    /** Where the run {@code id} came from, as its client said; {@link RunSource#UNSAID} when it did not. */
    @Transactional(readOnly = true)
    public RunSource source(UUID id) {
        return documents.source(get(id));
    }

    private Run logged(UUID id, Actor actor, String act) {
        var run = get(id);
        if (run.kind() != RunKind.EXTERNAL) {
            throw new NotLoggedRunException(id, run.kind());
        }
        permit(run, actor, act);
        return run;
    }

    private static String scriptName(RunSource source) {
        if (source.script() == null) {
            return "script";
        }
        var file = source.script().substring(source.script().replace('\\', '/').lastIndexOf('/') + 1);
        var stem = file.endsWith(".py") ? file.substring(0, file.length() - 3) : file;
        return stem.isBlank() ? "script" : stem;
    }

    private static String shortId(UUID id) {
        return id.toString().substring(0, 8);
    }

    /**
     * Queues a trial of the sweep {@code sweepId}: a run like any other, which links back to its sweep. It joins the
     * caller's transaction, so the sweep records the trial as launched exactly when the run exists. The trial's work
     * was admitted under the owner's quota with its sweep.
     */
    @Transactional
    public Run launchTrial(RunSpec spec, String owner, UUID sweepId) {
        return launch(spec, owner, Objects.requireNonNull(sweepId, "sweepId"));
    }

    private Run launch(RunSpec spec, String owner, UUID sweepId) {
        if (!spec.kind().isTrainedByAnneal()) {
            throw new IllegalArgumentException("an external run is opened, not launched");
        }
        var id = UUID.randomUUID();
        var named = spec.name() != null
                ? spec
                : spec.withName("%s-%s-%s"
                        .formatted(spec.model().label(), spec.dataset().label(), shortId(id)));
        var run = create(id, named, owner, sweepId);
        events.publishEvent(new RunQueued(run.id()));
        actedOn(run, RunActedOn.Act.LAUNCHED, owner);
        return run;
    }

    private Run create(UUID id, RunSpec named, String owner, UUID sweepId) {
        var experiment = experiments
                .findByName(named.experiment())
                .orElseGet(() -> experiments.save(new Experiment(named.experiment(), "", clock.instant())));
        // flushed at once: the run's first event (who launched it) refers to its row
        return runs.saveAndFlush(new Run(
                id,
                named.kind(),
                experiment,
                named.name(),
                named.notes(),
                new LinkedHashSet<>(named.tags()),
                documents.write(named),
                named.plannedSteps(),
                owner,
                sweepId,
                clock.instant()));
    }

    /**
     * The names of the first few runs queued or training on the uploaded model or dataset {@code uploadId}: what
     * stops its deletion.
     */
    public List<String> activeUsing(UUID uploadId) {
        return runs.findActiveUsing(uploadId.toString());
    }

    /**
     * The runs whose model or dataset is the upload {@code uploadId}, newest first (the first {@code limit}), deleted
     * ones left out, with how many there are in all.
     */
    @Transactional(readOnly = true)
    public RunsUsing using(UUID uploadId, int limit) {
        return new RunsUsing(runs.findUsing(uploadId.toString(), limit), runs.countUsing(uploadId.toString()));
    }

    /**
     * Some of the runs that used an upload.
     *
     * @param newest the newest of them
     * @param total how many there are
     */
    public record RunsUsing(List<Run> newest, long total) {}

    /** The run with {@code id}. */
    @Transactional(readOnly = true)
    public Run get(UUID id) {
        return runs.findById(id).orElseThrow(() -> new RunNotFoundException(id));
    }

    /** The runs among {@code ids} that exist, by id: one query for a sweep's trials, not one per trial. */
    @Transactional(readOnly = true)
    public Map<UUID, Run> find(Collection<UUID> ids) {
        var found = new HashMap<UUID, Run>();
        runs.findAllById(ids).forEach(run -> found.put(run.id(), run));
        return found;
    }

    /** Throws {@link RunNotFoundException} unless a run with {@code id} exists. */
    @Transactional(readOnly = true)
    public void requireExists(UUID id) {
        if (!runs.existsById(id)) {
            throw new RunNotFoundException(id);
        }
    }

    /** The status and progress of the run with {@code id}. */
    @Transactional(readOnly = true)
    public RunState stateOf(UUID id) {
        var run = get(id);
        return new RunState(run.status(), run.progressStep(), run.totalSteps(), run.progressEpoch(), run.error());
    }

    /** The runs {@code filter} selects, one page of them. */
    @Transactional(readOnly = true)
    public Page<Run> list(RunFilter filter, Pageable page) {
        return runs.findAll(filter.toSpecification(), page);
    }

    /** What the run with {@code id} was launched with: what a worker trains. */
    @Transactional(readOnly = true)
    public RunSpec spec(UUID id) {
        return documents.spec(get(id));
    }

    /**
     * Stops a queued or running run; a running one stops within one step and keeps its checkpoint. Only the run's
     * owner or an admin may.
     */
    @Transactional
    public Run cancel(UUID id, Actor actor) {
        var run = get(id);
        permit(run, actor, "cancel");
        run.cancel(clock.instant());
        events.publishEvent(new RunCancelled(id));
        actedOn(run, RunActedOn.Act.CANCELLED, actor.username());
        return run;
    }

    /**
     * Stops a running trial of a sweep whose early stopping decided against it, for {@code cause}: it ends
     * {@code PRUNED}, never to resume. The sweep's controller calls this; no user does.
     */
    @Transactional
    public Run prune(UUID id, String cause) {
        var run = get(id);
        run.prune(cause, clock.instant());
        events.publishEvent(new RunPruned(id, cause, run.progressStep(), run.progressEpoch(), clock.instant()));
        return run;
    }

    /**
     * Puts a failed or cancelled run back in the queue, to continue from its last checkpoint. Only the run's owner or
     * an admin may, and only within the owner's quota of queued work ({@link QuotaExceededException}).
     */
    @Transactional
    public Run resume(UUID id, Actor actor) {
        var run = get(id);
        permit(run, actor, "resume");
        if (!run.kind().isTrainedByAnneal()) {
            throw new IllegalTransitionException(
                    "Run %s is logged by a script of its own: Anneal cannot resume it; run the script again"
                            .formatted(id));
        }
        if (run.status().isResumable()) { // else the guarded move below says why not (409)
            // back in the queue is queued work again: resuming must not be the way around the quota
            long total = run.totalSteps() != null
                    ? run.totalSteps()
                    : documents.spec(run).plannedSteps();
            quota.admit(
                    run.owner() != null ? run.owner() : actor.username(),
                    new QueuedWork(1, Math.max(0, total - run.progressStep())));
        }
        run.requeue();
        events.publishEvent(new RunQueued(id));
        actedOn(run, RunActedOn.Act.RESUMED, actor.username());
        return run;
    }

    /** Gives every run without an owner (launched before accounts existed) to {@code admin}; returns how many. */
    @Transactional
    public int adoptOwnerless(String admin) {
        return runs.adoptOwnerless(admin);
    }

    /** The runs waiting for a worker, oldest first: what a restarted process must dispatch again. */
    @Transactional(readOnly = true)
    public List<UUID> queued() {
        return runs.findByStatus(RunStatus.QUEUED).stream()
                .sorted(Comparator.comparing(Run::createdAt))
                .map(Run::id)
                .toList();
    }

    /**
     * Marks the run as taken by {@code worker}; a run found {@code RUNNING} is one whose previous worker died, and
     * passes through {@code QUEUED} to record that. Returns empty when the run is no longer meant to run (cancelled
     * meanwhile).
     */
    @Transactional
    public Optional<Run> startOn(UUID id, String worker, String device, long totalSteps) {
        var run = get(id);
        if (run.status() == RunStatus.RUNNING) {
            run.requeue();
        }
        if (run.status() != RunStatus.QUEUED) {
            return Optional.empty();
        }
        run.start(worker, device, totalSteps, clock.instant());
        return Optional.of(run);
    }

    /**
     * Puts a running run back in the queue because its worker stopped (shut down, or died): it continues from its
     * last checkpoint when a worker takes it again.
     */
    @Transactional
    public void requeue(UUID id) {
        get(id).requeue();
    }

    /**
     * Puts a running run back in the queue because {@code reason} (the server stopping): its events say why, and
     * where it stopped.
     */
    @Transactional
    public void requeue(UUID id, String reason) {
        var run = get(id);
        run.requeue();
        events.publishEvent(new RunInterrupted(id, reason, run.progressStep(), run.progressEpoch(), clock.instant()));
    }

    /** Records how far the run got; returns its status, so a worker learns of a cancellation. */
    @Transactional
    public RunStatus progress(UUID id, long step, double epoch) {
        found(id, runs.reportProgress(id, step, epoch, clock.instant()));
        return get(id).status();
    }

    /** The run finished training, having achieved {@code summary}. */
    @Transactional
    public void succeed(UUID id, RunSummary summary) {
        get(id).succeed(documents.write(summary), clock.instant());
    }

    /** The run failed for {@code cause}, a sentence a user can act on, having achieved {@code summary}. */
    @Transactional
    public void fail(UUID id, String cause, RunSummary summary) {
        get(id).fail(cause, documents.write(summary), clock.instant());
    }

    /** Records what the run achieved so far, whatever its status. */
    @Transactional
    public void summarize(UUID id, RunSummary summary) {
        found(id, runs.reportSummary(id, documents.write(summary)));
    }

    /** Records what identifies the run's data and the build that trains it. */
    @Transactional
    public void describeData(UUID id, DatasetFingerprint fingerprint, String codeVersion) {
        found(id, runs.reportData(id, documents.write(fingerprint), codeVersion));
    }

    /** Tells the run's events who did what (the metrics module records them, in this transaction). */
    private void actedOn(Run run, RunActedOn.Act act, String actor) {
        if (actor != null) {
            events.publishEvent(
                    new RunActedOn(run.id(), act, actor, run.progressStep(), run.progressEpoch(), clock.instant()));
        }
    }

    private static void permit(Run run, Actor actor, String act) {
        if (!actor.mayChangeWhatBelongsTo(run.owner())) {
            throw new NotPermittedException("only the run's owner (%s) or an admin may %s it; %s is a %s"
                    .formatted(
                            run.owner() == null ? "none yet" : run.owner(),
                            act,
                            actor.username(),
                            actor.role().apiName()));
        }
    }

    private static void found(UUID id, int updated) {
        if (updated == 0) {
            throw new RunNotFoundException(id);
        }
    }
}
