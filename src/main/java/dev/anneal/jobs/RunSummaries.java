package dev.anneal.jobs;

import dev.anneal.run.DatasetFingerprint;
import dev.anneal.run.RunSummary;
import dev.anneal.training.TrainingSummary;

/** Translates what training achieved into the run module's summary and fingerprint, field by field. */
final class RunSummaries {

    private RunSummaries() {}

    static RunSummary of(TrainingSummary s) {
        var a = s.averaged();
        var kept = s.snapshots();
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
                null,
                kept == null
                        ? null
                        : kept.members().stream()
                                .map(m -> new RunSummary.Snapshot(
                                        m.step(), m.epoch(), m.cycle(), m.valLoss(), m.valAcc(), m.testAcc()))
                                .toList(),
                kept == null ? null : ensemble(kept.ensemble()),
                null);
    }

    private static RunSummary.Ensemble ensemble(TrainingSummary.Ensemble e) {
        return new RunSummary.Ensemble(e.members(), e.valLoss(), e.valAcc(), e.testAcc(), e.seconds());
    }

    static DatasetFingerprint fingerprintOf(TrainingSummary s) {
        return new DatasetFingerprint(s.datasetFingerprint());
    }
}
