package dev.anneal.jobs;

import dev.anneal.run.DatasetFingerprint;
import dev.anneal.run.RunSummary;
import dev.anneal.training.TrainingSummary;

/** Translates what training achieved into the run module's summary and fingerprint, field by field. */
final class RunSummaries {

    private RunSummaries() {}

    static RunSummary of(TrainingSummary s) {
        var a = s.averaged();
        return new RunSummary(
                s.bestValLoss(),
                s.bestValLossStep(),
                s.bestValAcc(),
                s.bestValAccStep(),
                s.testAcc(),
                s.finalLr(),
                s.restarts(),
                s.plateauRestarts(),
                s.parameterCount(),
                s.steps(),
                s.wallSeconds(),
                a == null ? null : new RunSummary.Averaged(a.fromEpoch(), a.epochs(), a.valLoss(), a.valAcc()),
                null);
    }

    static DatasetFingerprint fingerprintOf(TrainingSummary s) {
        return new DatasetFingerprint(s.datasetFingerprint());
    }
}
