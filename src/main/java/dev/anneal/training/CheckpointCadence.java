package dev.anneal.training;

/** Saves a checkpoint at the end of every {@code checkpoint_every_epochs}-th epoch. */
final class CheckpointCadence implements TrainingListener {

    /** Saves a checkpoint from which training continues at {@code epoch}, {@code batch}. */
    interface Saver {
        void save(int epoch, int batch);
    }

    private final int everyEpochs;
    private final Saver saver;

    CheckpointCadence(int everyEpochs, Saver saver) {
        this.everyEpochs = everyEpochs;
        this.saver = saver;
    }

    @Override
    public void onEpochEnd(EpochEnd end) {
        if (end.epochs() % everyEpochs == 0) {
            saver.save(end.epochs(), 0);
        }
    }
}
