package dev.anneal.jobs;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The one task Anneal queues: train a run. db-scheduler runs it on one of {@code db-scheduler.threads} worker slots,
 * keeps a heartbeat while it trains, and hands the execution of a process that died to a live one.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "db-scheduler.enabled", matchIfMissing = true)
@EnableScheduling // the dispatcher's round for queued runs without a job, and the sweeps' controller
class JobsConfiguration {

    static final String TRAIN_RUN = "train-run";

    @Bean
    OneTimeTask<Void> trainRunTask(RunWorker worker) {
        return Tasks.oneTime(TRAIN_RUN).execute((instance, context) -> worker.train(UUID.fromString(instance.getId())));
    }
}
