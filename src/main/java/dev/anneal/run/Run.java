package dev.anneal.run;

import dev.anneal.web.InvalidFieldException;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A training run: what it was launched with, where it is in its life, how far it got and what it achieved.
 *
 * <p>The status changes only through the methods below, each of which checks the move against {@link RunStatus};
 * an illegal one throws {@link IllegalTransitionException} naming both statuses. What a worker reports while it trains
 * (progress, summary, the data's description) is written by {@link RunRepository} past the aggregate and its version:
 * no transition reads those fields, so a report must never make a user's cancel or resume fail, nor fail because of
 * one. Updates write only the columns they change, so a transition never writes back a report it read before.
 */
@Entity
@DynamicUpdate
@Table(name = "run")
public class Run {

    @Id
    private UUID id;

    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "experiment_id")
    private Experiment experiment;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private String notes;

    /** Labels (an empty value) and a script's key-value tags, MLflow's system tags among them. */
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "run_tag", joinColumns = @JoinColumn(name = "run_id"))
    @MapKeyColumn(name = "tag")
    @Column(name = "value", nullable = false)
    private Map<String, String> tags = new LinkedHashMap<>();

    /** What a script logged as its run's params: write-once, as MLflow has them. */
    @ElementCollection(fetch = FetchType.LAZY)
    @CollectionTable(name = "run_param", joinColumns = @JoinColumn(name = "run_id"))
    @MapKeyColumn(name = "key")
    @Column(name = "value", nullable = false)
    private Map<String, String> params = new LinkedHashMap<>();

    /** Where an external run came from, as its client said ({@link RunSource}, as JSON); {@code null} if unsaid. */
    @JdbcTypeCode(SqlTypes.JSON)
    private String source;

    /** When it was deleted (MLflow's lifecycle: kept, out of listings, until restored); {@code null} while active. */
    @Column(name = "deleted_at")
    private Instant deletedAt;

    /** What Anneal made of an external run's logged rate ({@link ScheduleReading}, as JSON); written past the version. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "schedule_reading", insertable = false, updatable = false)
    private String scheduleReading;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private RunStatus status;

    /** The launch body with every default filled in, as JSON. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    private String config;

    @Column(name = "progress_step", nullable = false)
    private long progressStep;

    @Column(name = "total_steps")
    private Long totalSteps;

    /** The steps the run was planned to take when launched, before a worker counts them exactly. */
    @Column(name = "planned_steps")
    private Long plannedSteps;

    @Column(name = "progress_epoch", nullable = false)
    private double progressEpoch;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    private String summary = "{}";

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "dataset_fingerprint")
    private String datasetFingerprint;

    @Column(name = "code_version")
    private String codeVersion;

    private String device;

    private String worker;

    /** Who launched the run; {@code null} for a run from before accounts until the first admin adopts it. */
    private String owner;

    /** The sweep the run is a trial of, or {@code null} for a run launched on its own. */
    @Column(name = "sweep_id")
    private UUID sweepId;

    private String error;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Column(name = "heartbeat_at")
    private Instant heartbeatAt;

    // Schedule settings and results for sorting the runs table: PostgreSQL generates them from the config and the
    // summary (V3__run_sort_columns.sql), so they are read-only here and absent until the run is read back.

    @Column(name = "base_lr", insertable = false, updatable = false)
    private Double baseLr;

    @Column(name = "kind", insertable = false, updatable = false)
    private String kind;

    @Column(name = "eta_min", insertable = false, updatable = false)
    private Double etaMin;

    @Column(name = "t_max", insertable = false, updatable = false)
    private Double tMax;

    @Column(name = "t_mult", insertable = false, updatable = false)
    private Double tMult;

    @Column(name = "best_val_loss", insertable = false, updatable = false)
    private Double bestValLoss;

    @Column(name = "best_val_acc", insertable = false, updatable = false)
    private Double bestValAcc;

    @Column(name = "test_acc", insertable = false, updatable = false)
    private Double testAcc;

    @Version
    private long version;

    protected Run() {}

    Run(
            UUID id,
            RunKind kind,
            Experiment experiment,
            String name,
            String notes,
            Set<String> tags,
            String config,
            long plannedSteps,
            String owner,
            UUID sweepId,
            Instant now) {
        this.plannedSteps = plannedSteps;
        this.owner = owner;
        this.sweepId = sweepId;
        this.id = Objects.requireNonNull(id, "id");
        this.experiment = Objects.requireNonNull(experiment, "experiment");
        this.name = Objects.requireNonNull(name, "name");
        this.notes = Objects.requireNonNull(notes, "notes");
        tags.forEach(label -> this.tags.put(label, ""));
        this.config = Objects.requireNonNull(config, "config");
        this.kind = kind.apiName(); // generated from the config once stored; the transitions need it before
        this.status = RunStatus.QUEUED;
        this.createdAt = Objects.requireNonNull(now, "now");
    }

    /** A worker took the run: it trains {@code totalSteps} optimizer steps on {@code device}. */
    void start(String worker, String device, long totalSteps, Instant now) {
        if (!kind().isTrainedByAnneal()) {
            throw new IllegalTransitionException(
                    "Run %s is logged by a script of its own: no worker trains it".formatted(id));
        }
        moveTo(RunStatus.RUNNING);
        this.worker = worker;
        this.device = device;
        this.totalSteps = totalSteps;
        this.error = null;
        if (startedAt == null) {
            startedAt = now;
        }
        heartbeatAt = now;
    }

    void succeed(String summary, Instant now) {
        moveTo(RunStatus.SUCCEEDED);
        this.summary = summary;
        this.finishedAt = now;
    }

    void fail(String cause, String summary, Instant now) {
        moveTo(RunStatus.FAILED);
        this.error = cause;
        this.summary = summary;
        this.finishedAt = now;
    }

    void cancel(Instant now) {
        moveTo(RunStatus.CANCELLED);
        this.finishedAt = now;
    }

    /** Its sweep stopped it early, for {@code cause} (the decision, in words). */
    void prune(String cause, Instant now) {
        moveTo(RunStatus.PRUNED);
        this.error = cause;
        this.finishedAt = now;
    }

    /** Its script opened it, or took it up again: an external run is logged, not queued. */
    void open(Instant now) {
        moveTo(RunStatus.RUNNING);
        this.error = null;
        this.finishedAt = null;
        if (startedAt == null) {
            startedAt = now;
        }
        heartbeatAt = now;
    }

    /** Its script ended it as {@code outcome}: succeeded, failed or killed. */
    void end(RunStatus outcome, Instant now) {
        if (!outcome.isTerminal()) {
            throw new IllegalArgumentException("a run ends in a terminal status, not " + outcome);
        }
        moveTo(outcome);
        this.finishedAt = now;
    }

    /** Renames the run (a script's {@code mlflow.runName}). */
    void rename(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** Sets {@code tags}' values, adding those it did not have. */
    void tag(Map<String, String> tags) {
        this.tags.putAll(tags);
        if (this.tags.size() > LoggedFields.MAX_PER_RUN) {
            throw new InvalidFieldException(
                    "tags",
                    "a run holds at most %d tags; this would make %d"
                            .formatted(LoggedFields.MAX_PER_RUN, this.tags.size()));
        }
    }

    /** Removes the tag {@code key}; whether it had one. */
    boolean untag(String key) {
        return tags.remove(key) != null;
    }

    /**
     * Records {@code params}; a param already logged keeps its value, and logging it again with another value is
     * refused ({@link ParamChangedException}) before anything is recorded.
     */
    void record(Map<String, String> params) {
        params.forEach((key, value) -> {
            var held = this.params.get(key);
            if (held != null && !held.equals(value)) {
                throw new ParamChangedException(id, key, held, value);
            }
        });
        this.params.putAll(params);
        if (this.params.size() > LoggedFields.MAX_PER_RUN) {
            throw new InvalidFieldException(
                    "params",
                    "a run holds at most %d params; this would make %d"
                            .formatted(LoggedFields.MAX_PER_RUN, this.params.size()));
        }
    }

    /** Records where the run came from, as JSON. */
    void describeSource(String source) {
        this.source = source;
    }

    /** Back in the queue: a user resumed it, or its worker died; it continues from its last checkpoint. */
    void requeue() {
        moveTo(RunStatus.QUEUED);
        this.finishedAt = null;
        this.worker = null;
    }

    private void moveTo(RunStatus next) {
        if (!status.canMoveTo(next, kind())) {
            throw new IllegalTransitionException(id, status, next);
        }
        status = next;
    }

    /** The run's id. */
    public UUID id() {
        return id;
    }

    /** The experiment the run belongs to. */
    public Experiment experiment() {
        return experiment;
    }

    /** The run's name. */
    public String name() {
        return name;
    }

    /** Free-text notes. */
    public String notes() {
        return notes;
    }

    /** What the run does; {@code training} for a run stored before kinds existed. */
    public RunKind kind() {
        return kind == null ? RunKind.TRAINING : RunKind.valueOf(kind.toUpperCase(Locale.ROOT));
    }

    /** The run's labels: its tags without a value, in the order given. */
    public Set<String> tags() {
        var labels = new LinkedHashSet<String>();
        tags.forEach((key, value) -> {
            if (value.isEmpty()) {
                labels.add(key);
            }
        });
        return labels;
    }

    /** The run's tags that carry a value, a script's: MLflow's system tags among them. */
    public Map<String, String> tagValues() {
        var valued = new LinkedHashMap<String, String>();
        tags.forEach((key, value) -> {
            if (!value.isEmpty()) {
                valued.put(key, value);
            }
        });
        return valued;
    }

    /** The params its script logged; read in a transaction, as they load lazily. */
    public Map<String, String> params() {
        return Map.copyOf(params);
    }

    /** Where an external run came from, as JSON, or {@code null}. */
    String source() {
        return source;
    }

    /** What Anneal made of an external run's logged rate, as JSON, or {@code null} before it read any. */
    String scheduleReading() {
        return scheduleReading;
    }

    /** When it was deleted, or {@code null} while it is active. */
    public Instant deletedAt() {
        return deletedAt;
    }

    void delete(Instant now) {
        this.deletedAt = now;
    }

    void restore() {
        this.deletedAt = null;
    }

    /** Declares the schedule an external run's script trains along: its config is {@code config} from now on. */
    void declare(String config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Where the run is in its life. */
    public RunStatus status() {
        return status;
    }

    /** The launch body with every default filled in, as JSON. */
    public String config() {
        return config;
    }

    /** Optimizer steps completed. */
    public long progressStep() {
        return progressStep;
    }

    /** Optimizer steps the run will take in all, once a worker has computed it. */
    public Long totalSteps() {
        return totalSteps;
    }

    /** Epochs completed, fractional. */
    public double progressEpoch() {
        return progressEpoch;
    }

    /** The run's summary as JSON: best validation figures, test accuracy, final rate, restarts and more. */
    public String summary() {
        return summary;
    }

    /** Checksums of the data the run trained on, as JSON, once known. */
    public String datasetFingerprint() {
        return datasetFingerprint;
    }

    /** The build of Anneal that trained the run. */
    public String codeVersion() {
        return codeVersion;
    }

    /** The device the run trains on, once started. */
    public String device() {
        return device;
    }

    /** The worker process that holds the run, while it runs. */
    public String worker() {
        return worker;
    }

    /** Who launched the run, or {@code null} for a run from before accounts that no admin adopted yet. */
    public String owner() {
        return owner;
    }

    /** The sweep the run is a trial of, if it is one. */
    public Optional<UUID> sweepId() {
        return Optional.ofNullable(sweepId);
    }

    /** Why the run failed, or why its sweep pruned it; {@code null} otherwise. */
    public String error() {
        return error;
    }

    /** When the run was launched. */
    public Instant createdAt() {
        return createdAt;
    }

    /** When a worker first started the run. */
    public Instant startedAt() {
        return startedAt;
    }

    /** When the run reached its terminal status. */
    public Instant finishedAt() {
        return finishedAt;
    }

    /** When the worker last reported progress. */
    public Instant heartbeatAt() {
        return heartbeatAt;
    }

    /** Whether the run is an LR range test, as its stored config says; {@code false} until it is read back. */
    public boolean isRangeTest() {
        return RunKind.LR_RANGE_TEST.apiName().equals(kind);
    }

    /** The schedule's peak rate, as stored; {@code null} until the run is read back from the database. */
    public Double baseLr() {
        return baseLr;
    }

    /** The schedule's floor rate, as stored. */
    public Double etaMin() {
        return etaMin;
    }

    /** The first cycle's length in the schedule's unit, as stored. */
    public Double tMax() {
        return tMax;
    }

    /** The cycle growth factor, as stored. */
    public Double tMult() {
        return tMult;
    }

    /** The best validation loss the summary holds, or {@code null}. */
    public Double bestValLoss() {
        return bestValLoss;
    }

    /** The test accuracy the summary holds, or {@code null}. */
    public Double testAcc() {
        return testAcc;
    }
}
