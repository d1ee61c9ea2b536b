package dev.anneal.metrics;

import dev.anneal.database.OutageRetry;
import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Records schedule events, once each: a replayed step after a resume does not record its event again. */
@Component
public class EventLog {

    private final JdbcTemplate jdbc;
    private final OutageRetry retry;

    EventLog(JdbcTemplate jdbc, OutageRetry retry) {
        this.jdbc = jdbc;
        this.retry = retry;
    }

    /**
     * Stores {@code event} unless the same kind of event is already stored at its step; waits out a database outage
     * of up to the outage tolerance, then throws {@link dev.anneal.database.DatabaseUnavailableException}.
     */
    public void record(ScheduleEvent event) {
        retry.run("recording a schedule event", () -> insert(event));
    }

    private void insert(ScheduleEvent event) {
        jdbc.update(
                "insert into schedule_event (run_id, step, epoch, kind, cycle, reason, wall_time)"
                        + " values (?, ?, ?, ?, ?, ?, ?) on conflict (run_id, kind, step) do nothing",
                event.runId(),
                event.step(),
                event.epoch(),
                event.kind().name(),
                event.cycle() == null ? null : Math.toIntExact(event.cycle()),
                event.reason(),
                Timestamp.from(event.wallTime()));
    }

    /**
     * Makes {@code events} the run's events of {@code kind}, in place of those it had: for a run whose schedule Anneal
     * reads again as its script logs, whose restarts can move with a better reading.
     */
    @Transactional
    public void replace(UUID runId, ScheduleEvent.Kind kind, List<ScheduleEvent> events) {
        jdbc.update("delete from schedule_event where run_id = ? and kind = ?", runId, kind.name());
        events.forEach(this::insert);
    }

    /** The run's events in step order. */
    public List<ScheduleEvent> of(UUID runId) {
        return jdbc.query(
                "select kind, step, epoch, cycle, reason, wall_time from schedule_event where run_id = ?"
                        + " order by step, id",
                (rs, i) -> new ScheduleEvent(
                        runId,
                        ScheduleEvent.Kind.valueOf(rs.getString(1)),
                        rs.getInt(2),
                        rs.getDouble(3),
                        rs.getObject(4) == null ? null : rs.getLong(4),
                        rs.getString(5),
                        rs.getTimestamp(6).toInstant()),
                runId);
    }
}
