package dev.anneal.sweep;

import dev.anneal.database.DatabaseOutages;
import dev.anneal.run.Run;
import dev.anneal.run.RunStatus;
import dev.anneal.run.Runs;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The controller of every running sweep, in whichever processes run Anneal: every few seconds it reads each trial's
 * recorded cycle ends and evaluations, decides at every rung a trial newly reached (stopping the losers), launches
 * trials up to the sweep's parallelism, and finishes the sweep once every trial has ended. Each sweep is handled in a
 * transaction that holds its row: two processes never handle the same sweep at once (the second skips it), a trial
 * is launched in the transaction that records it so, and a process killed mid-round leaves nothing half-done.
 */
@Component
class SweepSupervisor {

    private static final Logger log = LoggerFactory.getLogger(SweepSupervisor.class);

    private final SweepStore store;
    private final Runs runs;
    private final TrialReadings readings;
    private final TransactionTemplate transactions;
    private final Clock clock;

    SweepSupervisor(
            SweepStore store, Runs runs, TrialReadings readings, TransactionTemplate transactions, Clock clock) {
        this.store = store;
        this.runs = runs;
        this.readings = readings;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Scheduled(
            initialDelayString = "${anneal.sweeps.control-interval:2s}",
            fixedDelayString = "${anneal.sweeps.control-interval:2s}")
    void superviseAll() {
        List<UUID> running;
        try {
            running = store.running();
        } catch (RuntimeException e) {
            if (!DatabaseOutages.isOutage(e)) {
                throw e;
            }
            log.warn(
                    "Sweeps not supervised: the database is unreachable ({}); the next round tries again",
                    e.toString());
            return;
        }
        for (UUID id : running) {
            try {
                transactions.executeWithoutResult(
                        status -> store.lockIfRunning(id).ifPresent(this::supervise));
            } catch (RuntimeException e) {
                // one sweep's trouble (a run that moved under us, an outage) must not stop the others; the next
                // round reads everything afresh
                log.warn("Sweep {} not supervised this round: {}", id, e.toString());
            }
        }
    }

    /** One round for one sweep, whose row this transaction holds. */
    void supervise(Sweep sweep) {
        var trials = store.trials(sweep.id());
        var atRung = valuesByRung(trials);
        var unsettled = runs.find(trials.stream()
                .filter(trial -> trial.runId() != null && !trial.settled())
                .map(TrialRecord::runId)
                .toList());
        int active = 0;
        boolean allSettled = true;
        for (var trial : trials) {
            if (trial.runId() == null) {
                allSettled = false;
                continue;
            }
            if (trial.settled()) {
                continue;
            }
            var run = unsettled.get(trial.runId());
            var judged = judge(sweep, trial, run, atRung);
            if (judged.status().isTerminal()) {
                store.settled(sweep.id(), trial.index(), result(sweep, run, judged));
            } else {
                active++;
                allSettled = false;
            }
        }
        for (var trial : trials) {
            if (active >= sweep.spec().parallelism()) {
                break;
            }
            if (trial.runId() == null) {
                var run = runs.launchTrial(store.trialSpec(sweep.id(), trial.index()), sweep.owner(), sweep.id());
                store.launched(sweep.id(), trial.index(), run.id());
                active++;
            }
        }
        if (allSettled && store.move(sweep.id(), SweepStatus.RUNNING, SweepStatus.FINISHED, clock.instant())) {
            log.info("Sweep {} ({}) finished: all {} trials have ended", sweep.id(), sweep.name(), trials.size());
        }
    }

    /**
     * Where a trial's run is after a round's decisions.
     *
     * @param status the run's status
     * @param stoppedAt the decision that stopped it, if one did
     */
    private record Judged(RunStatus status, Optional<Decision> stoppedAt) {}

    /**
     * Decides at every rung the trial reached since the last round, in order, stopping it at the first that goes
     * against it.
     */
    private Judged judge(Sweep sweep, TrialRecord trial, Run run, Map<Integer, List<Double>> atRung) {
        var status = run.status();
        var spec = sweep.spec();
        if (!spec.stopsEarly() || status == RunStatus.QUEUED) {
            return new Judged(status, Optional.empty());
        }
        var ladder = new RungLadder(spec.earlyTerminate());
        var halving = new SuccessiveHalving(spec.earlyTerminate(), spec.metric());
        Optional<RungLadder.Boundary> end = status == RunStatus.SUCCEEDED
                ? Optional.of(new RungLadder.Boundary(run.progressStep(), run.progressEpoch(), null))
                : Optional.empty();
        var reached = ladder.reached(
                readings.cycleEnds(run.id()),
                end,
                readings.evaluations(run.id(), spec.metric().name().key()));
        for (var rung : reached) {
            if (rung.rung() < trial.rungs().size()) {
                continue; // decided in an earlier round
            }
            var earlier = atRung.computeIfAbsent(rung.rung(), k -> new ArrayList<>());
            var decision = halving.decide(rung, earlier, status == RunStatus.RUNNING);
            if (decision.action() == Decision.Action.STOPPED) {
                runs.prune(run.id(), "pruned by sweep %s: %s".formatted(sweep.name(), decision.reason()));
                status = RunStatus.PRUNED;
            }
            store.decided(sweep.id(), trial.index(), rung, decision, clock.instant());
            earlier.add(rung.value());
            if (status == RunStatus.PRUNED) {
                return new Judged(status, Optional.of(decision));
            }
        }
        if (status == RunStatus.PRUNED) { // pruned in an earlier round, whose decision is its last
            return new Judged(status, trial.lastDecision());
        }
        return new Judged(status, Optional.empty());
    }

    /** A settled trial's result: the value it was stopped at, or its last evaluation. */
    private Double result(Sweep sweep, Run run, Judged judged) {
        if (judged.stoppedAt().isPresent()) {
            return judged.stoppedAt().get().value();
        }
        var evaluations =
                readings.evaluations(run.id(), sweep.spec().metric().name().key());
        return evaluations.isEmpty()
                ? null
                : evaluations.get(evaluations.size() - 1).value();
    }

    /** The values each rung holds so far, over all the sweep's trials. */
    private static Map<Integer, List<Double>> valuesByRung(List<TrialRecord> trials) {
        var values = new HashMap<Integer, List<Double>>();
        trials.forEach(trial -> trial.rungs()
                .forEach(rung -> values.computeIfAbsent(rung.rung(), k -> new ArrayList<>())
                        .add(rung.value())));
        return values;
    }
}
