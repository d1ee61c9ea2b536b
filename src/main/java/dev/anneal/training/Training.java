package dev.anneal.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
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

    Training(
            MetricWriter metrics,
            EventLog events,
            Clock clock,
            @Value("${anneal.datasets.dir:#{null}}") Path datasetsDir,
            @Value("${anneal.datasets.download-dir:${user.home}/.anneal/datasets}") Path downloadDir,
            @Value("${anneal.checkpoints.dir}") Path checkpointsDir,
            JdbcTemplate jdbc,
            JsonMapper json) {
        this.metrics = metrics;
        this.events = events;
        this.clock = clock;
        this.datasets = new Datasets(datasetsDir, downloadDir);
        this.checkpoints = new Checkpoints(checkpointsDir, jdbc, json);
    }

    /**
     * Trains {@code plan} from its latest checkpoint, or from its first step when it has none, telling {@code observer} of its progress; returns when every epoch
     * ran or the observer stopped it. Throws {@link DataException} or {@link TrainingException} with a cause a
     * user can act on.
     */
    public TrainingOutcome train(TrainingPlan plan, TrainingObserver observer) {
        var data = datasets.prepare(plan.data(), plan.loop().seed());
        var loop = new TrainingLoop(
                plan, data, devices(plan.loop().device()), metrics.batch(), events, checkpoints, observer, clock);
        try {
            return loop.run();
        } catch (EngineException e) {
            throw new TrainingException("the PyTorch engine failed: " + e.getMessage(), e);
        }
    }

    /**
     * {@code auto}: the first GPU the engine sees, else the CPU; {@code gpu}: the first GPU, or a clear refusal.
     * Data-parallel training over several GPUs is not offered yet: our gradient bookkeeping (norms, clipping,
     * zeroing) covers one device's parameters, and no multi-GPU machine has checked it.
     */
    static Device[] devices(String choice) {
        int gpus = Engine.getInstance().getGpuCount();
        return switch (choice) {
            case "cpu" -> new Device[] {Device.cpu()};
            case "gpu" -> {
                if (gpus == 0) {
                    throw new TrainingException("device gpu was requested, but the PyTorch engine sees no GPU", null);
                }
                yield new Device[] {Device.gpu(0)};
            }
            default -> new Device[] {gpus > 0 ? Device.gpu(0) : Device.cpu()};
        };
    }
}
