package dev.anneal.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A chunk keeps every point exactly, in the least room: implicit steps, epochs by rule, wall times as offsets. */
class SeriesChunkTests {

    private static final Instant START = Instant.parse("2026-12-07T12:00:00.123Z");

    /** A trained run's every-step key: consecutive steps, epochs {@code step / stepsPerEpoch}, a step every 7 ms. */
    private static List<SeriesChunk.Point> trained(int from, int count, double stepsPerEpoch) {
        var points = new ArrayList<SeriesChunk.Point>();
        var random = new SplittableRandom(from);
        for (int step = from; step < from + count; step++) {
            points.add(new SeriesChunk.Point(
                    step, step / stepsPerEpoch, random.nextDouble(), START.plusMillis(7L * (step - from))));
        }
        return points;
    }

    @Test
    void shouldGiveBackATrainedRunsPointsExactlyWithStepsAndEpochsImplicit() {
        var points = trained(4_000, SeriesChunk.MAX_POINTS, 391);

        var chunk = SeriesChunk.of(points);

        assertThat(chunk.points()).isEqualTo(points);
        assertThat(chunk.steps()).as("consecutive: implicit").isNull();
        assertThat(chunk.epochs().stepsPerEpoch()).isEqualTo(391.0);
        assertThat(chunk.epochs().listed()).isNull();
        assertThat(chunk.firstStep()).isEqualTo(4_000);
        assertThat(chunk.lastStep()).isEqualTo(4_000 + SeriesChunk.MAX_POINTS - 1);
        assertThat(chunk.last())
                .isEqualTo(points.get(SeriesChunk.MAX_POINTS - 1).value());
    }

    @Test
    void shouldFindTheStepsPerEpochOfAnyTrainedRun() {
        // the ratio read back from the last point can miss the whole number by a bit (7 steps an epoch does)
        var random = new SplittableRandom(25);
        for (int stepsPerEpoch = 1; stepsPerEpoch <= 2_000; stepsPerEpoch++) {
            var points = trained(random.nextInt(1, 5_000_000), 50, stepsPerEpoch);

            var chunk = SeriesChunk.of(points);

            assertThat(chunk.epochs().stepsPerEpoch())
                    .as("%d steps an epoch", stepsPerEpoch)
                    .isNotNull();
            assertThat(chunk.points()).isEqualTo(points);
        }
    }

    @Test
    void shouldListStepsWithGapsAndKeepAScriptsConstantEpoch() {
        var points = List.of(
                new SeriesChunk.Point(0, 0, 2.5, START),
                new SeriesChunk.Point(100, 0, 1.5, START.plusSeconds(60)),
                new SeriesChunk.Point(350, 0, 0.5, START.plusSeconds(200)));

        var chunk = SeriesChunk.of(points);

        assertThat(chunk.points()).isEqualTo(points);
        assertThat(chunk.steps()).containsExactly(0, 100, 350);
        assertThat(chunk.epochs().constant()).isZero();
        assertThat(chunk.wallOffsets()).containsExactly(0, 60_000, 200_000);
    }

    @Test
    void shouldListEpochsNoRatioGivesExactly() {
        // an evaluation's epoch is the end of a whole epoch, then a cycle's end in the middle of one: no one ratio
        var points = List.of(
                new SeriesChunk.Point(390, 1.0, 0.9, START),
                new SeriesChunk.Point(585, 1.4999, 0.8, START.plusSeconds(1)),
                new SeriesChunk.Point(780, 2.0, 0.7, START.plusSeconds(2)));

        var chunk = SeriesChunk.of(points);

        assertThat(chunk.epochs().listed()).containsExactly(1.0, 1.4999, 2.0);
        assertThat(chunk.points()).isEqualTo(points);
    }

    @Test
    void shouldSummariseAsPostgresOrdersDoublesNanAboveEveryNumber() {
        var withNan = List.of(
                new SeriesChunk.Point(0, 0, 3, START),
                new SeriesChunk.Point(1, 0, Double.NaN, START),
                new SeriesChunk.Point(2, 0, -1, START));

        var chunk = SeriesChunk.of(withNan);

        assertThat(chunk.min()).isEqualTo(-1);
        assertThat(chunk.max()).isNaN();
        assertThat(chunk.last()).isEqualTo(-1);
        assertThat(chunk.points().get(1).value()).isNaN();
        assertThat(SeriesChunk.of(List.of(new SeriesChunk.Point(5, 0, Double.NaN, START)))
                        .min())
                .isNaN();
    }

    @Test
    void shouldKeepWallTimesFarApartAndToTheMillisecond() {
        var points = List.of(
                new SeriesChunk.Point(0, 0, 1, START),
                new SeriesChunk.Point(1, 0, 1, START.plus(java.time.Duration.ofDays(40))));

        assertThat(SeriesChunk.of(points).points()).isEqualTo(points);
    }

    @Test
    void shouldRefuseAnEmptyAnOversizeOrAnUnorderedChunk() {
        assertThatThrownBy(() -> SeriesChunk.of(List.of())).hasMessageContaining("1 to 992 points, not 0");
        assertThatThrownBy(() -> SeriesChunk.of(trained(0, SeriesChunk.MAX_POINTS + 1, 10)))
                .hasMessageContaining("not 993");
        assertThatThrownBy(() -> SeriesChunk.of(
                        List.of(new SeriesChunk.Point(5, 0, 1, START), new SeriesChunk.Point(5, 0, 2, START))))
                .hasMessageContaining("5 follows 5");
    }
}
