package dev.anneal.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import dev.anneal.database.OutageRetry;
import dev.anneal.metrics.EventLog;
import dev.anneal.metrics.MetricWriter;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/** The training module's API: trains a plan with DJL on PyTorch, logging through the metrics module. */
@Service
public class Training {

    static {
        // the PyTorch natives ship in the pytorch-native jar: DJL must never try the network for them
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }

    private final MetricWriter metrics;
    private final EventLog events;
    private final Checkpoints checkpoints;
    private final Datasets datasets;
    private final Clock clock;
    private final OutageInterruption interruption;
    private GpuPool gpus;

    Training(
            MetricWriter metrics,
            EventLog events,
            Clock clock,
            @Value("${anneal.datasets.dir:#{null}}") Path datasetsDir,
            @Value("${anneal.datasets.download-dir:${user.home}/.anneal/datasets}") Path downloadDir,
            @Value("${anneal.checkpoints.dir}") Path checkpointsDir,
            JdbcTemplate jdbc,
            JsonMapper json,
            OutageRetry retry) {
        this.metrics = metrics;
        this.events = events;
        this.clock = clock;
        this.datasets = new Datasets(datasetsDir, downloadDir);
        this.checkpoints = new Checkpoints(checkpointsDir, jdbc, json, retry, events, clock);
        this.interruption = new OutageInterruption(events, checkpoints, retry, clock);
    }

    /**
     * Trains {@code plan} from its latest checkpoint, or from its first step when it has none, telling
     * {@code observer} of its progress; returns when every epoch ran or the observer stopped it. On a GPU it first
     * waits for the GPUs it asked for to be free. Throws {@link DataException} or {@link TrainingException} with a
     * cause a user can act on. A database outage longer than the outage tolerance is no failure: the outcome is then
     * {@linkplain TrainingOutcome#interrupted() interrupted}, once the database is back, and the run is to be resumed.
     */
    public TrainingOutcome train(TrainingPlan plan, TrainingObserver observer) {
        var data = datasets.prepare(plan.data(), plan.loop().seed());
        var loop = plan.loop();
        var lease = gpus().lease(loop.device(), loop.gpus(), observer::isStopped);
        if (lease.isEmpty()) {
            return new TrainingOutcome(false, null); // stopped while waiting for GPUs
        }
        try (var devices = lease.get()) {
            return train(plan, data, devices.devices(), observer);
        }
    }

    /**
     * Trains on {@code devices}, data-parallel when there are several: along the plan's schedule, or along its range
     * test's ramp, once per repeat. Package-private for tests on the CPU.
     */
    TrainingOutcome train(TrainingPlan plan, PreparedData data, Device[] devices, TrainingObserver observer) {
        if (plan.rangeTest() != null) {
            return new RangeTestRepeats(metrics)
                    .run(plan, observer, (repeat, seen, parts) -> train(repeat, data, devices, seen, parts));
        }
        return train(plan, data, devices, observer, LoopParts.of(plan));
    }

    /** Trains from {@code parts}: how a feature that trains differently (and a test of a seam) builds its loop. */
    TrainingOutcome train(
            TrainingPlan plan, PreparedData data, Device[] devices, TrainingObserver observer, LoopParts parts) {
        try {
            return new TrainingLoop(plan, data, devices, metrics.batch(), events, checkpoints, observer, clock, parts)
                    .run();
        } catch (EngineException e) {
            throw new TrainingException("the PyTorch engine failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            var outage = OutageInterruption.causeOf(e).orElseThrow(() -> e);
            return interruption.interrupt(plan.runId(), outage, observer);
        }
    }

    /** Asks the engine for its GPUs on first use, not at start-up: loading PyTorch takes a moment. */
    private synchronized GpuPool gpus() {
        if (gpus == null) {
            gpus = new GpuPool(Engine.getInstance().getGpuCount());
        }
        return gpus;
    }
}
