package dev.anneal.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Points go to the window of their step, and a step written again replaces its point, once. */
class ChunkWindowsTests {

    private static final int W = SeriesChunk.MAX_POINTS;

    private static final Instant AT = Instant.parse("2026-12-07T12:00:00Z");

    private static SeriesChunk.Point point(int step, double value) {
        return new SeriesChunk.Point(step, step / 100.0, value, AT.plusMillis(step));
    }

    private static List<SeriesChunk.Point> steps(int from, int to, double value) {
        var points = new ArrayList<SeriesChunk.Point>();
        for (int step = from; step < to; step++) {
            points.add(point(step, value));
        }
        return points;
    }

    @Test
    void shouldCutABatchAtTheWindowsItCrossesKeepingTheLastOfARepeatedStep() {
        var batch = new ArrayList<>(steps(W - 10, W + 10, 1));
        batch.add(point(W - 5, 2)); // logged again within the batch: the later value stands

        var windows = ChunkWindows.byWindow(batch);

        assertThat(windows.keySet()).containsExactly(0, 1);
        assertThat(windows.get(0))
                .hasSize(10)
                .extracting(SeriesChunk.Point::step)
                .startsWith(W - 10)
                .endsWith(W - 1);
        assertThat(windows.get(0).get(5).value()).isEqualTo(2);
        assertThat(windows.get(1))
                .extracting(SeriesChunk.Point::step)
                .startsWith(W)
                .endsWith(W + 9);
    }

    @Test
    void shouldFillAnOpenWindowAndReplaceAReplayedStepOnce() {
        var open = ChunkWindows.merge(null, steps(2 * W, 2 * W + 400, 1));
        // a resumed run replays from its checkpoint 300 steps in, with other values, and goes on to the window's end
        var filled = ChunkWindows.merge(open, steps(2 * W + 300, 3 * W, 2));

        assertThat(filled.count()).isEqualTo(W);
        assertThat(filled.steps()).as("consecutive again").isNull();
        assertThat(filled.points().get(299).value()).isEqualTo(1);
        assertThat(filled.points().get(300).value()).isEqualTo(2);
        assertThat(filled.lastStep()).isEqualTo(3 * W - 1);
    }

    @Test
    void shouldKeepASparseKeysFewPointsInTheirWindow() {
        var evaluations = ChunkWindows.merge(null, List.of(point(1900, 0.5)));
        var later = ChunkWindows.merge(evaluations, List.of(point(1500, 0.7)));

        assertThat(later.steps()).containsExactly(1500, 1900);
        assertThat(later.epochs().stepsPerEpoch()).isEqualTo(100.0);
    }

    @Test
    void shouldRefuseAPointOutsideTheStoredWindow() {
        var stored = ChunkWindows.merge(null, steps(0, 10, 1));

        assertThatThrownBy(() -> ChunkWindows.merge(stored, List.of(point(W, 1))))
                .hasMessageContaining("step 992 lies outside window 0");
    }
}
