package dev.anneal.run.web;

import dev.anneal.database.Readers;
import dev.anneal.run.Run;
import dev.anneal.run.RunDocuments;
import dev.anneal.run.RunNotFoundException;
import dev.anneal.run.Runs;
import dev.anneal.web.TooManyRequestsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Long-polls on runs ({@code GET /api/runs/{id}?wait=SECONDS}) that hold no request thread while they wait: one
 * ticker reads each waited-on run once a look, however many wait on it, and answers the waits whose run ended or whose
 * time is up. A user holds at most {@code anneal.limits.waits-per-user} waits at once.
 */
@Component
class RunWaits {

    private static final Logger log = LoggerFactory.getLogger(RunWaits.class);
    private static final Duration LOOK = Duration.ofMillis(250);
    /** The request's own timeout, a backstop should the ticker ever miss a deadline. */
    private static final Duration GRACE = Duration.ofSeconds(10);

    private final Runs runs;
    private final RunDocuments documents;
    private final Clock clock;
    private final int perUser;
    private final Set<Wait> waits = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(task -> {
        var thread = new Thread(task, "run-waits");
        thread.setDaemon(true);
        return thread;
    });
    /** Set when the application starts to shut down: every wait then answers with the run as it stands. */
    private volatile boolean closing;

    RunWaits(Runs runs, RunDocuments documents, Clock clock, @Value("${anneal.limits.waits-per-user:8}") int perUser) {
        this.runs = runs;
        this.documents = documents;
        this.clock = clock;
        this.perUser = perUser;
        ticker.scheduleWithFixedDelay(this::look, LOOK.toMillis(), LOOK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The run {@code id} once it is terminal or {@code wait} is up, whichever is first; at once when it already is
     * or while shutting down. Refused with 429 when {@code username} already holds as many waits as allowed.
     */
    DeferredResult<RunView> await(UUID id, Duration wait, String username) {
        var run = runs.get(id);
        var result = new DeferredResult<RunView>(wait.plus(GRACE).toMillis());
        if (run.status().isTerminal() || wait.isZero() || closing) {
            result.setResult(RunView.of(run, documents));
            return result;
        }
        var pending = new Wait(id, username, clock.instant().plus(wait), result);
        synchronized (this) { // the count and the add as one, or concurrent waits would all pass the cap
            long held = waits.stream().filter(w -> w.username.equals(username)).count();
            if (held >= perUser) {
                throw new TooManyRequestsException(
                        "Too many waits",
                        "%s already waits on %d runs, the most one user may (anneal.limits.waits-per-user); wait for"
                                        .formatted(username, held)
                                + " one to answer, or poll without wait");
            }
            waits.add(pending);
        }
        result.onCompletion(() -> waits.remove(pending));
        result.onTimeout(() -> answer(pending));
        return result;
    }

    private void look() {
        Readers.run(() -> {
            var byRun = waits.stream().collect(Collectors.groupingBy(wait -> wait.runId));
            byRun.forEach(this::lookAt);
        });
    }

    private void lookAt(UUID runId, List<Wait> waiting) {
        Run run;
        try {
            run = runs.get(runId);
        } catch (RunNotFoundException gone) {
            waiting.forEach(wait -> wait.fail(gone));
            return;
        } catch (RuntimeException e) {
            log.warn("Could not read run {} for its waits; they wait on ({})", runId, e.toString());
            waiting.stream().filter(this::due).forEach(wait -> wait.fail(e));
            return;
        }
        var answered = waiting.stream()
                .filter(wait -> run.status().isTerminal() || due(wait))
                .toList();
        if (!answered.isEmpty()) { // the view reads the run's config document: only for waits that answer now
            var view = RunView.of(run, documents);
            answered.forEach(wait -> wait.answer(view));
        }
    }

    private boolean due(Wait wait) {
        return closing || !clock.instant().isBefore(wait.deadline);
    }

    /** Answers with the run as it stands; a wait whose run cannot be read ends with that error. */
    private void answer(Wait wait) {
        try {
            wait.answer(RunView.of(runs.get(wait.runId), documents));
        } catch (RuntimeException e) {
            wait.fail(e);
        }
    }

    /**
     * A graceful shutdown waits for the requests in flight, and a wait would hold it for the rest of its time: answer
     * every wait with its run as it stands instead. A CI client sees a run that is not terminal and polls again once
     * the application is back.
     */
    @EventListener(ContextClosedEvent.class)
    void onShutdown() {
        closing = true;
        look();
        ticker.shutdown();
    }

    private record Wait(UUID runId, String username, Instant deadline, DeferredResult<RunView> result) {

        void answer(RunView view) {
            result.setResult(view);
        }

        void fail(RuntimeException e) {
            result.setErrorResult(e);
        }
    }
}
