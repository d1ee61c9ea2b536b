package dev.anneal.sweep;

import dev.anneal.run.PendingWork;
import dev.anneal.run.QueuedWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The trials of a user's running sweeps that are not runs yet: work the user has queued all the same. */
@Component
class TrialsToLaunch implements PendingWork {

    private final JdbcTemplate jdbc;

    TrialsToLaunch(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public QueuedWork of(String owner) {
        return jdbc.queryForObject(
                "select count(*), coalesce(sum(t.planned_steps), 0) from sweep_trial t join sweep s on s.id = t.sweep_id"
                        + " where s.owner = ? and s.status = 'RUNNING' and t.run_id is null",
                (rs, row) -> new QueuedWork(rs.getLong(1), rs.getLong(2)),
                owner);
    }
}
