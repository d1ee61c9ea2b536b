package dev.anneal.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunStatusTests {

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
        "QUEUED, RUNNING, true",
        "QUEUED, CANCELLED, true",
        "QUEUED, SUCCEEDED, false",
        "RUNNING, SUCCEEDED, true",
        "RUNNING, FAILED, true",
        "RUNNING, CANCELLED, true",
        "RUNNING, QUEUED, true",
        "SUCCEEDED, QUEUED, false",
        "SUCCEEDED, RUNNING, false",
        "FAILED, QUEUED, true",
        "FAILED, RUNNING, false",
        "CANCELLED, QUEUED, true",
        "CANCELLED, CANCELLED, false",
        "RUNNING, PRUNED, true",
        "QUEUED, PRUNED, false",
        "PRUNED, QUEUED, false",
        "PRUNED, RUNNING, false",
        "CANCELLED, PRUNED, false",
    })
    void shouldAllowOnlyTheDesignedTransitions(RunStatus from, RunStatus to, boolean allowed) {
        assertThat(from.canMoveTo(to)).isEqualTo(allowed);
    }

    @Test
    void shouldNeverResumeAPrunedRun() {
        assertThat(RunStatus.PRUNED.isTerminal()).isTrue();
        assertThat(RunStatus.PRUNED.isResumable()).isFalse();
        assertThat(RunStatus.CANCELLED.isResumable()).isTrue();
    }

    @Test
    void shouldThrowNamingBothStatusesOnAnIllegalMove() {
        var run = new Run(
                UUID.fromString("00000000-0000-0000-0000-000000000001"),
                RunKind.TRAINING,
                new Experiment("e", "", Instant.EPOCH),
                "r",
                "",
                Set.of(),
                "{}",
                100,
                null,
                null,
                Instant.EPOCH);
        run.start("worker-1", "cpu()", 100, Instant.EPOCH);
        run.succeed("{}", Instant.EPOCH);

        assertThatThrownBy(run::requeue)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "Run 00000000-0000-0000-0000-000000000001 succeeded: a finished run is not resumed; launch a new"
                                + " run with its settings instead");
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void shouldLetAScriptEndItsRunAndTakeItUpAgainButNeverQueueIt() {
        var run = new Run(
                UUID.fromString("00000000-0000-0000-0000-000000000002"),
                RunKind.EXTERNAL,
                new Experiment("e", "", Instant.EPOCH),
                "logged",
                "",
                Set.of(),
                "{}",
                0,
                "ada",
                null,
                Instant.EPOCH);
        run.open(Instant.EPOCH);
        assertThat(run.status()).isEqualTo(RunStatus.RUNNING);

        run.end(RunStatus.FAILED, Instant.EPOCH);
        run.open(Instant.EPOCH); // MLflow's start_run(run_id=...) takes an ended run up again
        run.end(RunStatus.SUCCEEDED, Instant.EPOCH);

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThatThrownBy(run::requeue).isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> run.start("worker-1", "cpu()", 1, Instant.EPOCH))
                .isInstanceOf(IllegalTransitionException.class);
        assertThat(RunStatus.SUCCEEDED.canMoveTo(RunStatus.RUNNING, RunKind.TRAINING))
                .isFalse();
    }

    @Test
    void shouldKeepAParamsFirstValueAndRefuseAnotherNamingTheKey() {
        var run = new Run(
                UUID.fromString("00000000-0000-0000-0000-000000000003"),
                RunKind.EXTERNAL,
                new Experiment("e", "", Instant.EPOCH),
                "logged",
                "",
                Set.of("sgdr"),
                "{}",
                0,
                "ada",
                null,
                Instant.EPOCH);
        run.record(java.util.Map.of("lr", "0.1"));
        run.record(java.util.Map.of("lr", "0.1", "batch", "128")); // the same value again: a retry

        assertThatThrownBy(() -> run.record(java.util.Map.of("batch", "128", "lr", "0.2")))
                .isInstanceOf(ParamChangedException.class)
                .hasMessageContaining("is \"0.1\" already and cannot change to \"0.2\"");
        assertThat(run.params()).isEqualTo(java.util.Map.of("lr", "0.1", "batch", "128"));
        run.tag(java.util.Map.of("mlflow.user", "ada"));
        assertThat(run.tags()).containsExactly("sgdr");
        assertThat(run.tagValues()).isEqualTo(java.util.Map.of("mlflow.user", "ada"));
    }
}
