package dev.anneal.ingest;

import dev.anneal.metrics.EventLog;
import dev.anneal.metrics.ScheduleEvent;
import dev.anneal.run.Runs;
import dev.anneal.run.ScheduleReading;
import dev.anneal.schedule.ScheduleConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps each external run's {@link ScheduleReading} current as its script logs: read again a moment after a batch
 * (batches that come faster are read once; a long series, whose reading takes longer, less often), and at once when the
 * run ends. A reading that finds a schedule with
 * cycles records its restarts among the run's events, at their steps, as a trained run's are; each reading also
 * writes the run's summary ({@link LoggedSummaries}), whose cycle ends come from that schedule.
 */
@Component
class ScheduleReadings implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ScheduleReadings.class);

    /** How long after a batch its run is read again, at least: a script logging every 100 ms is read every two seconds. */
    static final Duration SETTLE = Duration.ofSeconds(2);

    /**
     * A run is read again no sooner than this many times its last read took: reading a long series costs the server
     * CPU (a million rates, about a second), which must stay a small share of a machine a script may train on too.
     */
    static final int QUIET_FACTOR = 50;

    /** The longest a running run waits to be read again. */
    static final Duration LONGEST_WAIT = Duration.ofMinutes(2);

    /** The most restarts recorded as events: a schedule with a one-step cycle must not write a million rows. */
    static final int MAX_RESTART_EVENTS = 1_000;

    private final Runs runs;
    private final ScheduleReader reader;
    private final EventLog events;
    private final LoggedSummaries summaries;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Set<UUID> pending = ConcurrentHashMap.newKeySet();
    private final Map<UUID, Long> lastReadNanos = new ConcurrentHashMap<>();
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(runnable -> {
        var thread = new Thread(runnable, "schedule-reader");
        thread.setDaemon(true);
        return thread;
    });

    ScheduleReadings(
            Runs runs,
            ScheduleReader reader,
            EventLog events,
            LoggedSummaries summaries,
            PlatformTransactionManager transactions,
            Clock clock) {
        this.runs = runs;
        this.reader = reader;
        this.events = events;
        this.summaries = summaries;
        this.transactions = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** Reads {@code runId}'s schedule again once its script's logging settles; a read already due covers this one. */
    void readSoon(UUID runId) {
        if (pending.add(runId)) {
            later.schedule(
                    () -> {
                        pending.remove(runId);
                        try {
                            readNow(runId);
                        } catch (RuntimeException e) {
                            // the next batch or the run's end reads it again
                            log.warn("Could not read the schedule of run {}: {}", runId, e.toString());
                        }
                    },
                    wait(runId).toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** How long {@code runId} waits to be read again: two seconds, or fifty times its last read, two minutes at most. */
    private Duration wait(UUID runId) {
        long quiet = QUIET_FACTOR * lastReadNanos.getOrDefault(runId, 0L);
        return Duration.ofNanos(Math.min(LONGEST_WAIT.toNanos(), Math.max(SETTLE.toNanos(), quiet)));
    }

    /** Reads {@code runId}'s schedule now and stores it, with its restarts as events; returns it. */
    ScheduleReading readNow(UUID runId) {
        long start = System.nanoTime();
        var reading = read(runId);
        if (runs.get(runId).status().isTerminal()) {
            lastReadNanos.remove(runId); // an ended run is read again only if its script takes it up
        } else {
            lastReadNanos.put(runId, System.nanoTime() - start);
        }
        return reading;
    }

    private ScheduleReading read(UUID runId) {
        return transactions.execute(status -> {
            var reading = reader.read(runs.get(runId), runs.params(runId));
            runs.readSchedule(runId, reading);
            long last = runs.get(runId).progressStep();
            events.replace(runId, ScheduleEvent.Kind.RESTART, restarts(runId, reading, last));
            events.replace(runId, ScheduleEvent.Kind.WARMUP_END, warmupEnd(runId, reading, last));
            runs.summarize(runId, summaries.of(runs.get(runId), reading));
            return reading;
        });
    }

    /** The restarts of the reading's schedule up to the last logged step. */
    private List<ScheduleEvent> restarts(UUID runId, ScheduleReading reading, long last) {
        var restarts = new ArrayList<ScheduleEvent>();
        if (reading.schedule() == null || !reading.schedule().kind().restarts()) {
            return restarts;
        }
        var now = clock.instant();
        for (var cycle : reading.schedule().curve().cyclesBetween(0, last, MAX_RESTART_EVENTS + 1)) {
            long step = (long) Math.ceil(cycle.start());
            if (cycle.index() > 0 && step <= last && step <= Integer.MAX_VALUE) {
                restarts.add(new ScheduleEvent(
                        runId,
                        ScheduleEvent.Kind.RESTART,
                        (int) step,
                        0,
                        cycle.index(),
                        "cycle %d of the %s schedule"
                                .formatted(cycle.index(), reading.source().apiName()),
                        now));
            }
        }
        return restarts;
    }

    /** The end of the reading's warmup, once the run logged past it: where the compare page starts cycle 0. */
    private List<ScheduleEvent> warmupEnd(UUID runId, ScheduleReading reading, long last) {
        if (reading.schedule() instanceof ScheduleConfig config && config.warmup() > 0) {
            long step = (long) Math.ceil(config.warmup());
            if (step <= last && step <= Integer.MAX_VALUE) {
                return List.of(new ScheduleEvent(
                        runId,
                        ScheduleEvent.Kind.WARMUP_END,
                        (int) step,
                        0,
                        0L,
                        "warmup of the %s schedule".formatted(reading.source().apiName()),
                        clock.instant()));
            }
        }
        return List.of();
    }

    @Override
    public void destroy() {
        later.shutdownNow();
    }
}
