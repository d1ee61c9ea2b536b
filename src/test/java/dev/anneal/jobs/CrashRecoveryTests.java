package dev.anneal.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anneal.AnnealProcess;
import dev.anneal.schedule.CosineWarmRestarts;
import dev.anneal.schedule.ScheduleConfig;
import dev.anneal.schedule.ScheduleUnit;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The process training a run is killed (SIGKILL, not a shutdown) in the middle of it. After a restart on the same
 * data, the run completes on its own from its last checkpoint: no step missing, none logged twice, every rate the
 * schedule's.
 */
class CrashRecoveryTests {

    @TempDir
    Path home;

    private AnnealProcess app;

    @AfterEach
    void stop() throws InterruptedException {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void shouldFinishARunWhoseProcessWasKilledAfterARestart() throws Exception {
        app = new AnnealProcess(home);
        app.start("first");
        app.issueToken();
        String id = app.post("/api/runs", """
                {"dataset": {"name": "synthetic-spirals"},
                 "model": {"name": "mlp", "hidden": [64, 64]},
                 "schedule": {"base_lr": 0.05, "eta_min": 0.0005, "t_max": 1, "t_mult": 2, "unit": "epoch"},
                 "training": {"epochs": 8, "batch_size": 16, "device": "cpu", "checkpoint_every_epochs": 1}}""").get("id").asString();
        long stepsPerEpoch = app.awaitEvent(id, "CHECKPOINT").get("step").asLong();
        // well into the second epoch, past the checkpoint; progress shows up to a second late, and the run has six more
        // epochs (some 8 000 small steps, seconds even at the 3 000 a second flat parameters reach here) to go, so the
        // kill comes long before its end on a fast machine too
        app.awaitStep(id, stepsPerEpoch + 60);

        app.kill(); // no shutdown hook runs: the run is left RUNNING, mid-epoch
        var killedAt = java.time.Instant.now();
        app.start("second");
        var run = app.get("/api/runs/" + id + "?wait=240");

        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        long total = run.get("progress").get("total_steps").asLong();
        assertThat(total).isEqualTo(8 * stepsPerEpoch);
        var lr = app.get("/api/runs/" + id + "/metrics?keys=lr,train_loss&max_points=100000")
                .get("series");
        assertThat(lr.get(0).get("points")).hasSize((int) total);
        assertThat(lr.get(1).get("points")).hasSize((int) total);
        var schedule = CosineWarmRestarts.of(ScheduleConfig.builder()
                .setBaseLr(0.05)
                .optEtaMin(0.0005)
                .setTMax(1)
                .optTMult(2)
                .optUnit(ScheduleUnit.EPOCH)
                .build());
        // resumed from the checkpoint, not from the start: steps before it keep the first process's points
        assertThat(wallTime(id, "train_loss", stepsPerEpoch - 1)).isBefore(killedAt);
        assertThat(wallTime(id, "train_loss", total - 1)).isAfter(killedAt);
        // and with the checkpoint's weights: the loss goes on from where the first epoch left it, not from an
        // untrained model's (about 0.86 here at the start, 0.08 after the restart)
        var loss = lr.get(1).get("points");
        assertThat(meanValue(loss, stepsPerEpoch, stepsPerEpoch + 20)).isLessThan(0.8 * meanValue(loss, 0, 20));
        for (int step = 0; step < total; step++) {
            var point = lr.get(0).get("points").get(step);
            assertThat(point.get("step").asInt()).isEqualTo(step);
            assertThat(point.get("value").asDouble()).isEqualTo(schedule.rate((double) step / stepsPerEpoch));
        }
    }

    private static double meanValue(JsonNode points, long from, long to) {
        double sum = 0;
        for (long i = from; i < to; i++) {
            sum += points.get((int) i).get("value").asDouble();
        }
        return sum / (to - from);
    }

    private java.time.Instant wallTime(String id, String key, long step) throws Exception {
        String csv = app.text("/api/runs/" + id + "/metrics.csv");
        String prefix = key + "," + step + ",";
        return csv.lines()
                .filter(line -> line.startsWith(prefix))
                .map(line -> java.time.Instant.parse(line.substring(line.lastIndexOf(',') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + key + " at step " + step));
    }
}
