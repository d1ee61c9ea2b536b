package dev.anneal.training;

/** What the training loop tells the code that runs it, and how that code stops it. */
public interface TrainingObserver {

    /** Training is about to start: {@code totalSteps} optimizer steps on {@code device}. */
    void started(long totalSteps, String device);

    /**
     * An optimizer step completed; {@code steps} have now completed, {@code epoch} epochs. Called on the training
     * thread after every step, so it must be cheap. Returns {@code false} to stop the run (it was cancelled).
     */
    boolean stepped(long steps, double epoch);

    /**
     * Whether the run should stop before it starts, asked while it waits for GPUs that other runs hold; training
     * then returns without starting.
     */
    default boolean isStopped() {
        return false;
    }
}
