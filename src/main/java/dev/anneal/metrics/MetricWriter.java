package dev.anneal.metrics;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes metric points off the training thread, in multi-row inserts of up to {@value #ROWS_PER_STATEMENT} rows.
 *
 * <p>Writes are idempotent on {@code (run_id, key, step)}: a point written twice (a retried batch, a resumed run
 * replaying the steps since its checkpoint) is stored once, the later value kept; no step is duplicated or lost. Training hands points to a {@link Batch}
 * and calls {@link Batch#flush()} where it must be sure they are stored: at each evaluation, on cancel, at the end.
 */
@Component
public class MetricWriter implements DisposableBean {

    static final int ROWS_PER_STATEMENT = 1000;

    /** Points a batch collects before it hands them to the writer thread without being asked. */
    static final int HAND_OFF_SIZE = 4096;

    private final JdbcTemplate jdbc;
    private final MetricRollups rollups;
    private final TransactionTemplate transactions;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
        var thread = new Thread(runnable, "metric-writer");
        thread.setDaemon(true);
        return thread;
    });

    MetricWriter(JdbcTemplate jdbc, MetricRollups rollups, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.rollups = rollups;
        this.transactions = new TransactionTemplate(transactions);
    }

    /** A new batch for one training loop; not thread-safe, meant for the thread that trains. */
    public Batch batch() {
        return new Batch();
    }

    /** Writes {@code points} now, on the calling thread, with the rollup buckets they touch, in one transaction. */
    void write(List<MetricPoint> points) {
        transactions.executeWithoutResult(status -> {
            for (int from = 0; from < points.size(); from += ROWS_PER_STATEMENT) {
                insert(points.subList(from, Math.min(points.size(), from + ROWS_PER_STATEMENT)));
            }
            rollups.refresh(points);
        });
    }

    private void insert(List<MetricPoint> rows) {
        var sql = new StringBuilder("insert into metric_point (run_id, key_id, step, epoch, value, wall_time) values ");
        sql.append("(?, ?, ?, ?, ?, ?),".repeat(rows.size()));
        sql.setLength(sql.length() - 1);
        // a resumed run replays the steps since its checkpoint: its values are the trajectory from now on
        sql.append(" on conflict (run_id, key_id, step) do update set epoch = excluded.epoch, value = excluded.value,"
                + " wall_time = excluded.wall_time");
        jdbc.update(sql.toString(), statement -> bind(statement, rows));
    }

    private static void bind(PreparedStatement statement, List<MetricPoint> rows) throws SQLException {
        int i = 1;
        for (MetricPoint point : rows) {
            statement.setObject(i++, point.runId());
            statement.setShort(i++, point.key().id());
            statement.setInt(i++, point.step());
            statement.setDouble(i++, point.epoch());
            statement.setDouble(i++, point.value());
            statement.setTimestamp(i++, Timestamp.from(point.wallTime()));
        }
    }

    @Override
    public void destroy() {
        writer.shutdown(); // queued writes still complete
    }

    /** Points collected by one training loop, handed to the writer thread in large chunks. */
    public final class Batch {

        private List<MetricPoint> pending = new ArrayList<>();
        private CompletableFuture<Void> written = CompletableFuture.completedFuture(null);

        private Batch() {}

        /** Adds a point; cheap, never touches the database on this thread. */
        public void add(MetricPoint point) {
            pending.add(point);
            if (pending.size() >= HAND_OFF_SIZE) {
                handOff();
            }
        }

        /** Blocks until every point added so far is stored; rethrows a failed write. */
        public void flush() {
            handOff();
            written.join();
        }

        private void handOff() {
            if (pending.isEmpty()) {
                return;
            }
            var chunk = pending;
            pending = new ArrayList<>();
            // chained, so chunks land in order and a failure is seen by the next flush
            written = written.thenRunAsync(() -> write(chunk), writer);
        }
    }
}
