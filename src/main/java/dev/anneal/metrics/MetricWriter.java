package dev.anneal.metrics;

import dev.anneal.database.OutageRetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes metric points off the training thread, into the chunks of the store ({@link MetricChunks}).
 *
 * <p>Writes are idempotent on {@code (run_id, key, step)}: a point written twice (a retried batch, a resumed run
 * replaying the steps since its checkpoint) is stored once, the later value kept; no step is duplicated or lost.
 * Training hands points to a {@link Batch}, which hands them on every {@value #HAND_OFF_SIZE} points or half a second,
 * and calls {@link Batch#flush()} where it must be sure they are stored: at each evaluation, on cancel, at the end.
 *
 * <p>A database outage does not lose points: a chunk that cannot be written is retried with growing pauses for up to
 * the outage tolerance ({@link OutageRetry}), and the chunks behind it wait in memory. That memory is bounded by
 * {@link #MAX_PENDING_POINTS} across all runs of the process; past it, {@link Batch#add} blocks, so training waits
 * for the database instead of filling the heap. Once a chunk gives up, the next flush throws
 * {@link dev.anneal.database.DatabaseUnavailableException} and the run is requeued from its checkpoint.
 */
@Component
public class MetricWriter implements DisposableBean {

    /** Points a batch collects before it hands them to the writer thread without being asked. */
    static final int HAND_OFF_SIZE = 4096;

    /**
     * The longest a point waits in a batch: past it, the next point added hands the batch off, so what training logs
     * is readable (API, live stream) within about a second however slowly it logs; a default run's first epoch was
     * an empty chart for seven minutes when only evaluations and 4 096 points did.
     */
    static final Duration HAND_OFF_AGE = Duration.ofMillis(500);

    /**
     * Points handed off but not yet stored, at most, in the whole process: some 20 MB of heap (about 80 bytes a point).
     * A run on this machine's CPUs logs some 500 points a second, so that is ten minutes of an outage, far past the
     * outage tolerance; a fast GPU run logging 5 000 a second waits after fifty seconds rather than grow the heap.
     */
    static final int MAX_PENDING_POINTS = 256 * 1024;

    private final JdbcTemplate jdbc;
    private final MetricChunks chunks;
    private final MetricKeyIds ids;
    private final TransactionTemplate transactions;
    private final TransactionTemplate naming;
    private final OutageRetry retry;
    private final Semaphore capacity = new Semaphore(MAX_PENDING_POINTS);
    private final ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
        var thread = new Thread(runnable, "metric-writer");
        thread.setDaemon(true);
        return thread;
    });

    MetricWriter(
            JdbcTemplate jdbc,
            MetricChunks chunks,
            MetricKeyIds ids,
            PlatformTransactionManager transactions,
            OutageRetry retry) {
        this.jdbc = jdbc;
        this.chunks = chunks;
        this.ids = ids;
        this.transactions = new TransactionTemplate(transactions);
        this.naming = new TransactionTemplate(transactions);
        this.naming.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.retry = retry;
    }

    /** A new batch for one training loop; not thread-safe, meant for the thread that trains. */
    public Batch batch() {
        return new Batch(System::nanoTime);
    }

    /** A batch whose age is read from {@code nanoTime}, for tests. */
    Batch batch(LongSupplier nanoTime) {
        return new Batch(nanoTime);
    }

    /**
     * Stores {@code points} a script of {@code user}'s logged now, in the caller's transaction: what a script logs in
     * one request is stored whole with the rest of the request, or not at all. A name logged for the first time gets its id first, committed on its own (a rolled-back id would be
     * remembered, see {@link #write}), and counts among the names {@code user} gave: past their share, or past the
     * ids there are, nothing is stored and a {@link dev.anneal.web.InvalidFieldException} names {@code metrics}. Not
     * tried again through an outage: the request fails with 503, and its client tries again.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void store(List<MetricPoint> points, String user) {
        var names = points.stream().map(MetricPoint::key).distinct().toList();
        naming.executeWithoutResult(status -> ids.registerAll(names, user));
        insert(points);
    }

    /**
     * Writes {@code points} now, on the calling thread, in one transaction; tried again through an outage.
     */
    void write(List<MetricPoint> points) {
        retry.run("storing metrics", () -> {
            // a new name's id is committed before the points that use it: an id the points' transaction gave and then
            // rolled back would be remembered, and refused by every later write
            points.stream().map(MetricPoint::key).distinct().forEach(ids::register);
            transactions.executeWithoutResult(status -> {
                insert(points);
            });
        });
    }

    /**
     * Merges {@code points} into their chunks, by run and key: a point repeated within them keeps its last value, as
     * does a step stored before.
     */
    private void insert(List<MetricPoint> points) {
        var byRun = new LinkedHashMap<UUID, Map<Short, List<SeriesChunk.Point>>>();
        for (MetricPoint point : points) {
            byRun.computeIfAbsent(point.runId(), run -> new LinkedHashMap<>())
                    .computeIfAbsent(ids.register(point.key()), key -> new ArrayList<>())
                    .add(new SeriesChunk.Point(point.step(), point.epoch(), point.value(), point.wallTime()));
        }
        chunks.write(byRun);
    }

    @Override
    public void destroy() {
        writer.shutdown(); // queued writes still complete
    }

    /** Points collected by one training loop, handed to the writer thread in large chunks. */
    public final class Batch {

        private final LongSupplier nanoTime;
        private List<MetricPoint> pending = new ArrayList<>();
        private long oldest;
        private CompletableFuture<Void> written = CompletableFuture.completedFuture(null);

        private Batch(LongSupplier nanoTime) {
            this.nanoTime = nanoTime;
        }

        /**
         * Adds a point; cheap, never touches the database on this thread, and blocks only while the writer holds
         * {@link #MAX_PENDING_POINTS} points it could not store yet.
         */
        public void add(MetricPoint point) {
            long now = nanoTime.getAsLong();
            if (pending.isEmpty()) {
                oldest = now;
            }
            pending.add(point);
            if (pending.size() >= HAND_OFF_SIZE || now - oldest >= HAND_OFF_AGE.toNanos()) {
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
            capacity.acquireUninterruptibly(chunk.size());
            // chained, so chunks land in order and a failure is seen by the next flush; a chunk skipped because an
            // earlier one failed gives its room back too
            written = written.thenRunAsync(() -> write(chunk), writer)
                    .whenComplete((done, failure) -> capacity.release(chunk.size()));
        }
    }
}
