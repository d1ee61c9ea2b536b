package dev.anneal.training;

import java.util.Optional;

/** Stops the run when the code that runs it says so (a user cancelled it, or the process shuts down). */
final class Cancellation implements StopRule {

    private final TrainingObserver observer;
    private final int stepsPerEpoch;

    Cancellation(TrainingObserver observer, int stepsPerEpoch) {
        this.observer = observer;
        this.stepsPerEpoch = stepsPerEpoch;
    }

    @Override
    public Optional<String> stopAfter(TrainingListener.StepEnd step, long steps) {
        return observer.stepped(steps, (double) steps / stepsPerEpoch) ? Optional.empty() : Optional.of("cancelled");
    }
}
