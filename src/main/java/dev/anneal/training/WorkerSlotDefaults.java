package dev.anneal.training;

import ai.djl.util.cuda.CudaUtils;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Offers {@code anneal.default-worker-slots}: one per GPU the CUDA runtime sees, or one on a machine without GPUs.
 * {@code db-scheduler.threads} falls back to it when {@code ANNEAL_WORKER_SLOTS} is not set, so a GPU machine
 * trains one run per GPU without being told (each run leases its own GPUs, see {@link GpuPool}).
 */
class WorkerSlotDefaults implements EnvironmentPostProcessor {

    static final String PROPERTY = "anneal.default-worker-slots";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty(PROPERTY)) {
            return;
        }
        // the CUDA runtime alone answers this; loading PyTorch here would slow every start-up
        int gpus = CudaUtils.getGpuCount();
        environment
                .getPropertySources()
                .addLast(new MapPropertySource("anneal-worker-slots", Map.of(PROPERTY, Math.max(1, gpus))));
    }
}
