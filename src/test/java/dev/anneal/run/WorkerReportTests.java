package dev.anneal.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anneal.access.Actor;
import dev.anneal.access.Role;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A worker's reports (progress, summary, data description) and a user's transitions (cancel, resume) land on the same
 * row at the same time; neither may fail because of the other, and neither may undo the other.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ActiveProfiles("test")
class WorkerReportTests {

    @Autowired
    private Runs runs;

    @Autowired
    private RunRepository repository;

    @Autowired
    private ExperimentRepository experiments;

    @Autowired
    private PlatformTransactionManager transactions;

    private UUID id;

    @BeforeEach
    void startARun() {
        var experiment = experiments.save(new Experiment("reports-" + UUID.randomUUID(), "", Instant.now()));
        id = UUID.randomUUID();
        // stored directly: no RunQueued event, so no worker picks it up
        repository.save(new Run(
                id, RunKind.TRAINING, experiment, "reported", "", Set.of(), "{}", 100, null, null, Instant.now()));
        runs.startOn(id, "worker-1", "cpu", 100);
    }

    @Test
    void shouldCommitACancelThatReadTheRunBeforeTheWorkerReported() {
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            var run = repository.findById(id).orElseThrow(); // the user's request reads the run...
            run.cancel(Instant.now());
            // ...the worker reports from its own thread and transaction before the user's commits
            CompletableFuture.runAsync(() -> {
                        runs.progress(id, 42, 0.42);
                        runs.summarize(id, withTestAcc(0.9));
                        runs.describeData(id, new DatasetFingerprint(Map.of("train", "abc")), "1.0 built today");
                    })
                    .join();
        });

        var run = runs.get(id);
        assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(run.progressStep())
                .as("the cancel writes back no stale progress")
                .isEqualTo(42);
        assertThat(run.summary()).contains("test_acc");
        assertThat(run.datasetFingerprint()).contains("abc");
        assertThat(run.codeVersion()).isEqualTo("1.0 built today");
    }

    private static RunSummary withTestAcc(double testAcc) {
        return new RunSummary(
                null, null, null, null, testAcc, null, null, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void shouldStoreTheFinalSummaryOfACancelledRun() {
        runs.cancel(id, new Actor("tester", Role.ADMIN));

        runs.summarize(id, withTestAcc(0.8));
        runs.progress(id, 7, 0.07);

        var run = runs.get(id);
        assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(run.summary()).contains("0.8");
        assertThat(run.progressStep()).isEqualTo(7);
    }

    @Test
    void shouldRefuseReportsForAnUnknownRun() {
        var unknown = UUID.randomUUID();

        assertThatThrownBy(() -> runs.progress(unknown, 1, 0.01)).isInstanceOf(RunNotFoundException.class);
        assertThatThrownBy(() -> runs.summarize(unknown, RunSummary.NONE)).isInstanceOf(RunNotFoundException.class);
    }
}
