package dev.anneal.run;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/**
 * Stores runs. The {@code report…} methods write a worker's reports without the run's version (see {@link Run}); each
 * answers how many runs it changed.
 */
interface RunRepository extends JpaRepository<Run, UUID>, JpaSpecificationExecutor<Run> {

    List<Run> findByStatus(RunStatus status);

    /** The runs of some experiments, deleted ones or active ones, newest first: one page. */
    @Query("select r from Run r where r.experiment.id in :experimentIds"
            + " and (case when r.deletedAt is null then false else true end) = :deleted order by r.createdAt desc")
    List<Run> findInExperiments(
            java.util.Collection<UUID> experimentIds, boolean deleted, org.springframework.data.domain.Pageable page);

    /** The params of some runs, as rows of run id, key and value: one query for a search's candidates. */
    @Query(value = "select run_id, key, value from run_param where run_id in (:ids)", nativeQuery = true)
    List<Object[]> findParams(java.util.Collection<UUID> ids);

    /** The names of the queued or training runs whose model or dataset is the upload {@code uploadId}. */
    @Query(
            value = "select name from run where status in ('QUEUED', 'RUNNING') and (" + USES_UPLOAD + ")"
                    + " order by created_at limit 5",
            nativeQuery = true)
    List<String> findActiveUsing(String uploadId);

    /** The newest {@code limit} runs (deleted ones left out) whose model or dataset is the upload {@code uploadId}. */
    @Query(
            value = "select * from run where deleted_at is null and (" + USES_UPLOAD + ")"
                    + " order by created_at desc limit :limit",
            nativeQuery = true)
    List<Run> findUsing(String uploadId, int limit);

    /** How many runs (deleted ones left out) have the upload {@code uploadId} as their model or dataset. */
    @Query(value = "select count(*) from run where deleted_at is null and (" + USES_UPLOAD + ")", nativeQuery = true)
    long countUsing(String uploadId);

    /** Whether a run's model or dataset is the upload {@code :uploadId}: each side an indexed expression (V21). */
    String USES_UPLOAD = "config -> 'model' -> 'uploaded' ->> 'id' = :uploadId"
            + " or config -> 'dataset' -> 'uploaded' ->> 'id' = :uploadId";

    /** How many runs in experiment {@code experimentId} belong to someone other than {@code owner}. */
    @Query(
            "select count(r) from Run r where r.experiment.id = :experimentId and (r.owner is null or r.owner <> :owner)")
    long countOthersIn(UUID experimentId, String owner);

    /** The run has completed {@code step} optimizer steps, {@code epoch} epochs, and its worker is alive at {@code now}. */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update Run r set r.progressStep = :step, r.progressEpoch = :epoch, r.heartbeatAt = :now where r.id = :id")
    int reportProgress(UUID id, long step, double epoch, Instant now);

    /**
     * A script logged up to {@code step} at {@code now}. Past the version, like a worker's report: concurrent
     * requests of one script must not conflict over how far it got.
     */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query(
            value = "update run set progress_step = greatest(progress_step, :step), heartbeat_at = :now where id = :id",
            nativeQuery = true)
    int reportLogged(UUID id, long step, Instant now);

    /** What Anneal made of an external run's logged rate, as JSON ({@link ScheduleReading}). */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query(value = "update run set schedule_reading = cast(:reading as jsonb) where id = :id", nativeQuery = true)
    int reportScheduleReading(UUID id, String reading);

    /** What the run achieved so far, as JSON. */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update Run r set r.summary = :summary where r.id = :id")
    int reportSummary(UUID id, String summary);

    /** The data's checksums (JSON) and the build that trains the run. */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update Run r set r.datasetFingerprint = :fingerprint, r.codeVersion = :codeVersion where r.id = :id")
    int reportData(UUID id, String fingerprint, String codeVersion);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update Run r set r.owner = :admin where r.owner is null")
    int adoptOwnerless(String admin);
}
