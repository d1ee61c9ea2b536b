package dev.anneal.training;

/** Keeps the best validation loss and accuracy of a run and the steps they were reached at. */
final class BestFigures implements TrainingListener {

    private Best best;

    BestFigures(Best saved) {
        this.best = saved == null ? new Best(null, null, null, null) : saved;
    }

    @Override
    public void onEvaluation(long steps, double epoch, Evaluation result) {
        if (best.valLoss() == null || result.loss() < best.valLoss()) {
            best = new Best(result.loss(), steps, best.valAcc(), best.valAccStep());
        }
        boolean hasAccuracy = !Double.isNaN(result.accuracy());
        if (hasAccuracy && (best.valAcc() == null || result.accuracy() > best.valAcc())) {
            best = new Best(best.valLoss(), best.valLossStep(), result.accuracy(), steps);
        }
    }

    Best best() {
        return best;
    }

    /**
     * The best validation figures so far and the steps they were reached at; {@code null} before any evaluation.
     *
     * @param valLoss the lowest validation loss
     * @param valLossStep its step
     * @param valAcc the highest validation accuracy
     * @param valAccStep its step
     */
    record Best(Double valLoss, Long valLossStep, Double valAcc, Long valAccStep) {}
}
