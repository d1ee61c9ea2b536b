package dev.anneal.jobs;

import dev.anneal.run.RunCancelled;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/** Runs cancelled while this process trains them; the training loop checks here after every step. */
@Component
class CancellationRegistry {

    private final Set<UUID> cancelled = ConcurrentHashMap.newKeySet();

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void on(RunCancelled event) {
        cancelled.add(event.runId());
    }

    boolean isCancelled(UUID runId) {
        return cancelled.contains(runId);
    }

    void forget(UUID runId) {
        cancelled.remove(runId);
    }
}
