package dev.anneal.jobs;

import dev.anneal.run.RunCancelled;
import dev.anneal.run.RunPruned;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Why a run this process trains must stop: a user cancelled it, its sweep pruned it, or the process is shutting
 * down. The training loop checks here after every step.
 */
@Component
class CancellationRegistry {

    private final Set<UUID> cancelled = ConcurrentHashMap.newKeySet();
    private volatile boolean shuttingDown;

    /** Closing starts before db-scheduler waits for running jobs: they stop, checkpoint and go back in the queue. */
    @EventListener(ContextClosedEvent.class)
    void onShutdown() {
        shuttingDown = true;
    }

    boolean isShuttingDown() {
        return shuttingDown;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void on(RunCancelled event) {
        cancelled.add(event.runId());
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void on(RunPruned event) {
        cancelled.add(event.runId());
    }

    boolean isCancelled(UUID runId) {
        return cancelled.contains(runId);
    }

    void forget(UUID runId) {
        cancelled.remove(runId);
    }
}
