package dev.anneal.run.web;

import dev.anneal.run.Run;
import dev.anneal.run.RunKind;
import dev.anneal.run.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One line of the runs table, as a person reads it.
 *
 * @param id the run
 * @param name its name
 * @param rangeTest whether it is an LR range test (which has no schedule: its schedule cells are empty)
 * @param logged whether a script logged it (its progress is the last step logged; it has no total)
 * @param step the last step it completed or logged
 * @param experiment its experiment's name
 * @param tags its tags
 * @param status its status
 * @param percent how far a started run got, 0–100, or {@code null} before a worker counted its steps
 * @param eta the time a running run still needs at its pace so far, or {@code null}
 * @param baseLr the schedule's peak rate
 * @param etaMin the schedule's floor
 * @param tMax the first cycle's length
 * @param tMult the cycle growth factor
 * @param bestValLoss the best validation loss so far, or {@code null}
 * @param testAcc the final test accuracy, or {@code null}
 * @param age how long ago the run was launched
 */
record RunRow(
        UUID id,
        String name,
        boolean rangeTest,
        boolean logged,
        long step,
        String experiment,
        List<String> tags,
        RunStatus status,
        Integer percent,
        Duration eta,
        Double baseLr,
        Double etaMin,
        Double tMax,
        Double tMult,
        Double bestValLoss,
        Double testAcc,
        Duration age) {

    static RunRow of(Run run, Instant now) {
        return new RunRow(
                run.id(),
                run.name(),
                run.isRangeTest(),
                run.kind() == RunKind.EXTERNAL,
                run.progressStep(),
                run.experiment().name(),
                List.copyOf(run.tags()),
                run.status(),
                percent(run),
                eta(run),
                run.baseLr(),
                run.etaMin(),
                run.tMax(),
                run.tMult(),
                run.bestValLoss(),
                run.testAcc(),
                Duration.between(run.createdAt(), now));
    }

    private static Integer percent(Run run) {
        if (run.totalSteps() == null || run.totalSteps() == 0) {
            return null;
        }
        return (int) Math.min(100, 100 * run.progressStep() / run.totalSteps());
    }

    /** At the pace between the start and the last heartbeat; a resumed run's pace counts its pause, so it errs long. */
    private static Duration eta(Run run) {
        if (run.status() != RunStatus.RUNNING
                || run.totalSteps() == null
                || run.progressStep() == 0
                || run.startedAt() == null
                || run.heartbeatAt() == null) {
            return null;
        }
        double secondsPerStep =
                Duration.between(run.startedAt(), run.heartbeatAt()).toMillis() / 1000.0 / run.progressStep();
        long left = Math.max(0, run.totalSteps() - run.progressStep());
        return Duration.ofSeconds(Math.round(secondsPerStep * left));
    }
}
