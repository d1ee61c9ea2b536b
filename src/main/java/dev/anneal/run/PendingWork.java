package dev.anneal.run;

/**
 * Work a user has committed to that is not a run yet, such as a sweep's trials still to launch: counted against the
 * user's quota beside their queued and training runs. Other modules plug in as beans.
 */
public interface PendingWork {

    /** What {@code owner} has committed to that is not yet a queued run. */
    QueuedWork of(String owner);
}
