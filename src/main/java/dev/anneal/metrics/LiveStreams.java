package dev.anneal.metrics;

import dev.anneal.database.DatabaseOutages;
import dev.anneal.database.Readers;
import dev.anneal.run.RunNotFoundException;
import dev.anneal.run.RunState;
import dev.anneal.run.Runs;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
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
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(task -> {
        var thread = new Thread(task, "run-streams");
        thread.setDaemon(true);
        return thread;
    });

    LiveStreams(Runs runs, MetricQueries queries, EventLog events) {
        this.runs = runs;
        this.queries = queries;
        this.events = events;
        ticker.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Opens a stream of run {@code runId} that starts after step {@code afterStep} ({@code -1}: from the start). */
    SseEmitter open(UUID runId, int afterStep) {
        runs.requireExists(runId); // 404 before the stream starts
        var stream = new Stream(runId, afterStep, new SseEmitter(TIMEOUT.toMillis()));
        stream.emitter.onCompletion(() -> streams.remove(stream));
        stream.emitter.onTimeout(() -> streams.remove(stream));
        stream.emitter.onError(error -> streams.remove(stream));
        streams.add(stream);
        ticker.execute(() -> push(stream)); // the first update at once, not a tick later
        return stream.emitter;
    }

    private void tick() {
        streams.forEach(this::push);
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
        streams.forEach(stream -> stream.emitter.complete());
        streams.clear();
    }

    /** How many streams are open, for tests. */
    int openStreams() {
        return streams.size();
    }

    private final class Stream {

        final UUID runId;
        final SseEmitter emitter;
        final Map<MetricKey, Integer> sent = new EnumMap<>(MetricKey.class);
        RunState lastStatus;
        int eventsSent = -1;

        Stream(UUID runId, int afterStep, SseEmitter emitter) {
            this.runId = runId;
            this.emitter = emitter;
            KEYS.forEach(key -> sent.put(key, afterStep));
        }

        /** Synchronized: the first push runs on the ticker too, but a tick may already be pushing this stream. */
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
