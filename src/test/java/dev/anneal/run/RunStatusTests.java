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
}
