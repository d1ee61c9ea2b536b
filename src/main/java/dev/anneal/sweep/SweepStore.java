package dev.anneal.sweep;

import dev.anneal.run.RunDocuments;
import dev.anneal.run.RunSpec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sweep tables: a sweep with its stored request, its trials (generated and validated when it was created, each
 * launched once), and the rungs they reached with the decision at each. Every status change is a conditional update
 * from the status {@link SweepStatus} allows it from; every launch, one from "not launched".
 */
@Component
class SweepStore {

    private static final TypeReference<LinkedHashMap<String, JsonNode>> PARAMS = new TypeReference<>() {};

    private static final String SWEEP_COLUMNS = "id, owner, status, spec, created_at, finished_at";

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final RunDocuments documents;

    SweepStore(JdbcTemplate jdbc, JsonMapper json, RunDocuments documents) {
        this.jdbc = jdbc;
        this.json = json;
        this.documents = documents;
    }

    /** Stores a new, running sweep with every trial of {@code plan}, none launched. */
    void create(UUID id, SweepPlan plan, String owner, Instant now) {
        var spec = plan.spec();
        jdbc.update(
                "insert into sweep (id, name, experiment, owner, status, spec, created_at) values (?, ?, ?, ?, ?, ?::json, ?)",
                id,
                spec.name(),
                spec.experiment(),
                owner,
                SweepStatus.RUNNING.name(),
                json.writeValueAsString(spec),
                Timestamp.from(now));
        jdbc.batchUpdate(
                "insert into sweep_trial (sweep_id, trial, params, seed, spec, planned_steps)"
                        + " values (?, ?, ?::json, ?, ?::jsonb, ?)",
                plan.trials(),
                500,
                (statement, trial) -> {
                    statement.setObject(1, id);
                    statement.setInt(2, trial.index());
                    statement.setString(3, json.writeValueAsString(trial.params()));
                    statement.setLong(4, trial.seed());
                    statement.setString(5, json.writeValueAsString(documents.document(trial.run())));
                    statement.setLong(6, trial.run().plannedSteps());
                });
    }

    Optional<Sweep> find(UUID id) {
        return jdbc.query("select " + SWEEP_COLUMNS + " from sweep where id = ?", this::sweep, id).stream()
                .findFirst();
    }

    /** The sweep, its row locked until the transaction ends (waiting for another holder). */
    Optional<Sweep> lock(UUID id) {
        return jdbc.query("select " + SWEEP_COLUMNS + " from sweep where id = ? for update", this::sweep, id).stream()
                .findFirst();
    }

    /**
     * The running sweep, its row locked until the transaction ends; empty when it is no longer running or another
     * process's controller holds it (that one is already at work on it).
     */
    Optional<Sweep> lockIfRunning(UUID id) {
        return jdbc
                .query(
                        "select " + SWEEP_COLUMNS
                                + " from sweep where id = ? and status = 'RUNNING' for update skip locked",
                        this::sweep,
                        id)
                .stream()
                .findFirst();
    }

    List<UUID> running() {
        return jdbc.queryForList("select id from sweep where status = 'RUNNING' order by created_at", UUID.class);
    }

    /** One page of sweeps, newest first, with the total that matches. */
    SweepPage list(SweepFilter filter, int page, int size) {
        var where = new StringBuilder(" where true");
        var arguments = new ArrayList<Object>();
        if (filter.status() != null) {
            where.append(" and status = ?");
            arguments.add(filter.status().name());
        }
        if (filter.experiment() != null) {
            where.append(" and experiment = ?");
            arguments.add(filter.experiment());
        }
        if (filter.nameContains() != null) {
            where.append(" and name ilike ? escape '\\'");
            arguments.add("%"
                    + filter.nameContains()
                            .replace("\\", "\\\\")
                            .replace("%", "\\%")
                            .replace("_", "\\_") + "%");
        }
        long total = jdbc.queryForObject("select count(*) from sweep" + where, Long.class, arguments.toArray());
        var paged = new ArrayList<>(arguments);
        paged.add(size);
        paged.add((long) page * size);
        var sweeps = jdbc.query(
                "select " + SWEEP_COLUMNS
                        + ", (select count(*) from sweep_trial t where t.sweep_id = sweep.id) from sweep" + where
                        + " order by created_at desc, id limit ? offset ?",
                (rs, row) -> new Sweeps.Listed(sweep(rs, row), rs.getInt(7)),
                paged.toArray());
        return new SweepPage(sweeps, total);
    }

    /** The sweep's trials in order, each with the rungs it reached. */
    List<TrialRecord> trials(UUID sweepId) {
        var rungs = new HashMap<Integer, List<TrialRecord.Rung>>();
        jdbc.query(
                "select trial, rung, cycle, epoch, step, value, action, threshold, peers, reason from sweep_rung"
                        + " where sweep_id = ? order by trial, rung",
                (ResultSet rs) -> {
                    rungs.computeIfAbsent(rs.getInt(1), trial -> new ArrayList<>())
                            .add(rung(rs));
                },
                sweepId);
        return jdbc.query(
                "select trial, params, seed, run_id, settled, metric from sweep_trial where sweep_id = ? order by trial",
                (rs, i) -> new TrialRecord(
                        rs.getInt(1),
                        json.readValue(rs.getString(2), PARAMS),
                        rs.getLong(3),
                        rs.getObject(4, UUID.class),
                        rs.getBoolean(5),
                        (Double) rs.getObject(6),
                        List.copyOf(rungs.getOrDefault(rs.getInt(1), List.of()))),
                sweepId);
    }

    /** What trial {@code index}'s run is launched with. */
    RunSpec trialSpec(UUID sweepId, int index) {
        String spec = jdbc.queryForObject(
                "select spec from sweep_trial where sweep_id = ? and trial = ?", String.class, sweepId, index);
        return documents.spec(json.readTree(spec));
    }

    /** Records that trial {@code index} was launched as {@code runId}; throws if it already had been. */
    void launched(UUID sweepId, int index, UUID runId) {
        int updated = jdbc.update(
                "update sweep_trial set run_id = ? where sweep_id = ? and trial = ? and run_id is null",
                runId,
                sweepId,
                index);
        if (updated != 1) {
            throw new IllegalStateException("trial %d of sweep %s was already launched".formatted(index, sweepId));
        }
    }

    /** Records the decision at a rung trial {@code index} reached. */
    void decided(UUID sweepId, int index, RungLadder.Reached reached, Decision decision, Instant now) {
        jdbc.update(
                "insert into sweep_rung (sweep_id, trial, rung, cycle, epoch, step, value, action, threshold, peers,"
                        + " reason, decided_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                sweepId,
                index,
                reached.rung(),
                reached.cycle(),
                reached.epoch(),
                reached.step(),
                reached.value(),
                decision.action().name(),
                decision.threshold(),
                decision.peers(),
                decision.reason(),
                Timestamp.from(now));
    }

    /** Records that trial {@code index} has ended with {@code metric} (or none), to be judged no more. */
    void settled(UUID sweepId, int index, Double metric) {
        jdbc.update(
                "update sweep_trial set settled = true, metric = ? where sweep_id = ? and trial = ?",
                metric,
                sweepId,
                index);
    }

    /** Moves the sweep from {@code from} to {@code to}; returns whether it was still {@code from}. */
    boolean move(UUID id, SweepStatus from, SweepStatus to, Instant now) {
        if (!from.canMoveTo(to)) {
            throw new IllegalStateException("a sweep cannot move from %s to %s".formatted(from, to));
        }
        return jdbc.update(
                        "update sweep set status = ?, finished_at = ? where id = ? and status = ?",
                        to.name(),
                        Timestamp.from(now),
                        id,
                        from.name())
                == 1;
    }

    private Sweep sweep(ResultSet rs, int row) throws SQLException {
        var finished = rs.getTimestamp(6);
        return new Sweep(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                SweepStatus.valueOf(rs.getString(3)),
                json.readValue(rs.getString(4), SweepSpec.class),
                rs.getTimestamp(5).toInstant(),
                finished == null ? null : finished.toInstant());
    }

    private static TrialRecord.Rung rung(ResultSet rs) throws SQLException {
        var decision = new Decision(
                Decision.Action.valueOf(rs.getString(7)),
                rs.getInt(2),
                rs.getDouble(6),
                (Double) rs.getObject(8),
                rs.getInt(9),
                rs.getString(10));
        return new TrialRecord.Rung(
                rs.getInt(2),
                rs.getObject(3) == null ? null : rs.getLong(3),
                rs.getDouble(4),
                rs.getLong(5),
                rs.getDouble(6),
                decision);
    }

    /** One page of sweeps and how many match in all. */
    record SweepPage(List<Sweeps.Listed> sweeps, long total) {}
}
