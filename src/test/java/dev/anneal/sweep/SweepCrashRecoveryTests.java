package dev.anneal.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anneal.AnnealProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The process running a random sweep is killed (SIGKILL) in the middle of a trial. After a restart on the same data
 * the sweep carries on by itself and finishes with exactly its run_cap of trials, none launched twice.
 */
class SweepCrashRecoveryTests {

    @Test
    void shouldFinishARandomSweepWithExactlyItsRunCapAfterItsProcessWasKilled(@TempDir Path home) throws Exception {
        try (var app = new AnnealProcess(home)) {
            killMidTrialAndRestart(app);
        }
    }

    private void killMidTrialAndRestart(AnnealProcess app) throws Exception {
        app.start("first", "--anneal.sweeps.control-interval=500ms");
        app.issueToken();
        String id = app.post("/api/sweeps", """
                {"name": "killed", "method": "random", "seed": 11, "run_cap": 5, "parallelism": 2,
                 "base": {"dataset": {"name": "synthetic-spirals", "limit": 2000, "val_fraction": 0.2},
                          "model": {"name": "mlp", "hidden": [32]},
                          "schedule": {"base_lr": 0.1, "t_max": 1, "unit": "epoch"},
                          "training": {"epochs": 12, "batch_size": 4, "device": "cpu", "checkpoint_every_epochs": 1}},
                 "parameters": {"schedule.base_lr": {"distribution": "log_uniform", "min": 0.001, "max": 0.3},
                                "schedule.t_mult": {"values": [1, 2]}}}""").get("id").asString();
        // 4 800 small steps a trial, long enough to be seen and killed mid-trial: 200 steps were over between two
        // looks,
        // and since metric writes take a tenth of the time they did, 1 600 steps were too (a whole sweep of them ended
        // in five seconds)
        awaitRunningTrial(app, id, 1); // the second trial is training: the first is done, three more wait

        app.kill();
        app.start("second", "--anneal.sweeps.control-interval=500ms");
        var sweep = awaitEnd(app, id, Duration.ofMinutes(4));

        assertThat(sweep.get("status").asString()).as(sweep.toPrettyString()).isEqualTo("FINISHED");
        var trials =
                StreamSupport.stream(sweep.get("trials").spliterator(), false).toList();
        assertThat(trials).hasSize(5);
        assertThat(trials)
                .allSatisfy(t -> assertThat(t.get("status").asString()).isEqualTo("SUCCEEDED"));
        var runIds = new HashSet<String>();
        trials.forEach(t -> runIds.add(t.get("run_id").asString()));
        assertThat(runIds).hasSize(5);
        var tagged = app.get("/api/runs?tag=sweep:killed&size=50");
        assertThat(tagged.get("total").asInt())
                .as("no trial was launched twice")
                .isEqualTo(5);
        assertThat(sweep.get("best").get("metric").isNumber()).isTrue();
        // the same seed draws the same configurations: the trials are the ones the request asked for
        assertThat(trials.get(0).get("params").get("schedule.base_lr").asDouble())
                .isBetween(0.001, 0.3);
    }

    private static void awaitRunningTrial(AnnealProcess app, String id, int index) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            var trial = app.get("/api/sweeps/" + id).get("trials").get(index);
            if (trial.get("status").asString().equals("RUNNING")
                    && trial.get("progress").get("step").asLong() > 20) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("trial " + index + " never trained");
    }

    private static JsonNode awaitEnd(AnnealProcess app, String id, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        var sweep = app.get("/api/sweeps/" + id);
        while (sweep.get("status").asString().equals("RUNNING") && System.nanoTime() < deadline) {
            Thread.sleep(500);
            sweep = app.get("/api/sweeps/" + id);
        }
        return sweep;
    }
}
