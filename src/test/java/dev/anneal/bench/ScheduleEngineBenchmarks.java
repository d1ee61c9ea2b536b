package dev.anneal.bench;

import dev.anneal.schedule.AnnealingScheduler;
import dev.anneal.schedule.CosineWarmRestarts;
import dev.anneal.schedule.ScheduleConfig;
import dev.anneal.schedule.SchedulePreview;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How fast the schedule engine answers: one rate at a random position (the closed form, cycle search included), one
 * rate per training step (the scheduler a training loop drives), and a whole 100 000-point preview.
 *
 * <p>Run with {@code ./mvnw -Pbench test-compile exec:exec@schedule-engine}; results go to docs/benchmarks.md.
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ScheduleEngineBenchmarks {

    @Param({"1", "2", "1.5"})
    public double tMult;

    private CosineWarmRestarts schedule;
    private AnnealingScheduler scheduler;
    private ScheduleConfig config;
    private final double[] positions = new double[4096];
    private int next;
    private long step;

    @Setup(Level.Trial)
    public void setUp() {
        config = ScheduleConfig.builder()
                .setBaseLr(0.1)
                .setTMax(100)
                .optTMult(tMult)
                .optEtaMin(1e-4)
                .optWarmup(50)
                .optCycleDecay(0.9)
                .build();
        schedule = CosineWarmRestarts.of(config);
        var random = new SplittableRandom(42);
        for (int i = 0; i < positions.length; i++) {
            positions[i] = random.nextDouble(0, 1e7);
        }
    }

    @Setup(Level.Iteration)
    public void startScheduler() {
        scheduler = AnnealingScheduler.start(config);
        step = 0;
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public double rateAtRandomPosition() {
        next = (next + 1) & (positions.length - 1);
        return schedule.rate(positions[next]);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public double rateAtNextTrainingStep() {
        return scheduler.rateAt(step++);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public SchedulePreview previewOf100000Steps() {
        return SchedulePreview.ofRun(config, SchedulePreview.MAX_POINTS, 1);
    }
}
