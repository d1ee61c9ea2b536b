package dev.anneal.metrics;

import dev.anneal.database.DatabaseOutages;
import dev.anneal.database.Readers;
import dev.anneal.run.RunNotFoundException;
import dev.anneal.run.RunState;
import dev.anneal.run.Runs;
import dev.anneal.web.TooManyRequestsException;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-Sent Events for runs that are live: every second, each open stream gets the points its run logged since
 * the last ones it was sent, its schedule events when they changed, and its status and progress when they changed;
 * the stream ends when the run does.
 *
 * <p>The points are read from PostgreSQL rather than handed over by the training loop, so a stream follows a run
 * whichever process trains it. Each event's id is the last step sent, so a browser that reconnects (EventSource does
 * on its own) resumes where it left off.
 *
 * <p>A new stream's first push, which may carry a run's whole history, goes out on a thread of its own rather than
 * the ticker's, so opening streams never delays the others' updates; a user holds at most
 * {@code anneal.limits.streams-per-user} streams at once.
 */
@Component
class LiveStreams {

    /** The keys a run's page draws. */
    static final List<MetricKey> KEYS =
            List.of(MetricKey.LR, MetricKey.TRAIN_LOSS, MetricKey.VAL_LOSS, MetricKey.VAL_ACC);

    private static final Logger log = LoggerFactory.getLogger(LiveStreams.class);
    private static final Duration TICK = Duration.ofSeconds(1);
    /** An idle browser tab should not hold a connection for ever; EventSource reconnects after this. */
    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private final Runs runs;
    private final MetricQueries queries;
    private final EventLog events;
    private final int perUser;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    /** First pushes: a run's whole history so far, each read and sent apart from the ticker. */
    private final ExecutorService backlogs = Executors.newFixedThreadPool(2, task -> {
        var thread = new Thread(task, "run-stream-backlogs");
        thread.setDaemon(true);
        return thread;
    });

    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(task -> {
        var thread = new Thread(task, "run-streams");
        thread.setDaemon(true);
        return thread;
    });

    LiveStreams(
            Runs runs,
            MetricQueries queries,
            EventLog events,
            @Value("${anneal.limits.streams-per-user:12}") int perUser) {
        this.runs = runs;
        this.perUser = perUser;
        this.queries = queries;
        this.events = events;
        ticker.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Opens a stream of run {@code runId} for {@code username} that starts after step {@code afterStep} ({@code -1}:
     * from the start); refused with 429 when the user already holds as many streams as allowed.
     */
    SseEmitter open(UUID runId, int afterStep, String username) {
        runs.requireExists(runId); // 404 before the stream starts
        var stream = new Stream(runId, afterStep, username, new SseEmitter(TIMEOUT.toMillis()));
        synchronized (this) { // the count and the add as one, or concurrent opens would all pass the cap
            long held =
                    streams.stream().filter(s -> s.username.equals(username)).count();
            if (held >= perUser) {
                throw new TooManyRequestsException(
                        "Too many streams",
                        "%s already follows %d live streams, the most one user may (anneal.limits.streams-per-user);"
                                        .formatted(username, held)
                                + " close a run's page elsewhere and try again");
            }
            streams.add(stream);
        }
        stream.emitter.onCompletion(() -> streams.remove(stream));
        stream.emitter.onTimeout(() -> streams.remove(stream));
        stream.emitter.onError(error -> streams.remove(stream));
        backlogs.execute(
                () -> { // the first update at once, not a tick later, and not on the ticker
                    push(stream);
                    stream.caughtUp = true;
                });
        return stream.emitter;
    }

    private void tick() {
        streams.stream().filter(stream -> stream.caughtUp).forEach(this::push);
    }

    /** Reads for a browser, like the request that opened the stream: from the web pool, under its timeout. */
    private void push(Stream stream) {
        Readers.run(() -> pushNow(stream));
    }

    private void pushNow(Stream stream) {
        try {
            stream.push();
        } catch (IOException | IllegalStateException disconnected) {
            streams.remove(stream); // the browser went away; the emitter is done with
        } catch (RunNotFoundException gone) {
            streams.remove(stream);
            stream.emitter.complete();
        } catch (RuntimeException e) {
            streams.remove(stream);
            if (DatabaseOutages.isUnavailable(e)) {
                // ended, not failed: the browser reconnects, and an error here would only reach a response that is
                // already an event stream
                log.warn("Stream of run {} ended: the database is unavailable ({})", stream.runId, e.toString());
                stream.emitter.complete();
            } else {
                log.warn("Stream of run {} failed; the browser reconnects", stream.runId, e);
                stream.emitter.completeWithError(e);
            }
        }
    }

    /** Ends every stream, so a graceful shutdown does not wait on open browser tabs. */
    @EventListener(ContextClosedEvent.class)
    void closeAll() {
        ticker.shutdownNow();
        backlogs.shutdownNow();
        streams.forEach(stream -> stream.emitter.complete());
        streams.clear();
    }

    /** How many streams are open, for tests. */
    int openStreams() {
        return streams.size();
    }

    private final class Stream {

        final UUID runId;
        final String username;
        final SseEmitter emitter;
        /** Set once the first push went out; until then the ticker leaves the stream to its backlog. */
        volatile boolean caughtUp;

        final Map<MetricKey, Integer> sent = new HashMap<>();
        RunState lastStatus;
        int eventsSent = -1;

        Stream(UUID runId, int afterStep, String username, SseEmitter emitter) {
            this.runId = runId;
            this.username = username;
            this.emitter = emitter;
            KEYS.forEach(key -> sent.put(key, afterStep));
        }

        /** Synchronized: a tick may push a stream while closing does, or a backlog still does. */
        synchronized void push() throws IOException {
            // read the status first: points logged before a run ended are then all in the database when it reads
            // as ended, and go out before the final status does
            var run = runs.stateOf(runId);
            var fresh = KEYS.stream()
                    .map(key -> queries.series(
                            runId, key, sent.get(key) + 1, Integer.MAX_VALUE, MetricsController.MAX_POINTS))
                    .filter(series -> !series.points().isEmpty())
                    .toList();
            if (!fresh.isEmpty()) {
                for (Series series : fresh) {
                    var key = MetricKey.fromApiName(series.key()).orElseThrow();
                    sent.put(
                            key, series.points().get(series.points().size() - 1).step());
                }
                int last =
                        sent.values().stream().mapToInt(Integer::intValue).min().orElse(-1);
                emitter.send(SseEmitter.event()
                        .name("points")
                        .id(Integer.toString(last))
                        .data(fresh));
            }
            var logged = events.of(runId);
            if (logged.size() != eventsSent) {
                eventsSent = logged.size();
                emitter.send(SseEmitter.event().name("events").data(logged));
            }
            if (!run.equals(lastStatus)) {
                lastStatus = run;
                emitter.send(SseEmitter.event().name("status").data(run));
            }
            if (!run.live()) {
                streams.remove(this); // before the browser can see the end
                emitter.complete();
            }
        }
    }
}
