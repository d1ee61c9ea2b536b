package dev.anneal.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Points go to the window of their step, and a step written again replaces its point, once. */
class ChunkWindowsTests {

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
        var batch = new ArrayList<>(steps(990, 1010, 1));
        batch.add(point(995, 2)); // logged again within the batch: the later value stands

        var windows = ChunkWindows.byWindow(batch);

        assertThat(windows.keySet()).containsExactly(0, 1);
        assertThat(windows.get(0))
                .hasSize(10)
                .extracting(SeriesChunk.Point::step)
                .startsWith(990)
                .endsWith(999);
        assertThat(windows.get(0).get(5).value()).isEqualTo(2);
        assertThat(windows.get(1))
                .extracting(SeriesChunk.Point::step)
                .startsWith(1000)
                .endsWith(1009);
    }

    @Test
    void shouldFillAnOpenWindowAndReplaceAReplayedStepOnce() {
        var open = ChunkWindows.merge(null, steps(2000, 2400, 1));
        // a resumed run replays from its checkpoint at 2300, with other values, and goes on to the window's end
        var filled = ChunkWindows.merge(open, steps(2300, 3000, 2));

        assertThat(filled.count()).isEqualTo(1000);
        assertThat(filled.steps()).as("consecutive again").isNull();
        assertThat(filled.points().get(299).value()).isEqualTo(1);
        assertThat(filled.points().get(300).value()).isEqualTo(2);
        assertThat(filled.lastStep()).isEqualTo(2999);
    }

    @Test
    void shouldKeepASparseKeysFewPointsInTheirWindow() {
        var evaluations = ChunkWindows.merge(null, List.of(point(1999, 0.5)));
        var later = ChunkWindows.merge(evaluations, List.of(point(1499, 0.7)));

        assertThat(later.steps()).containsExactly(1499, 1999);
        assertThat(later.epochs().stepsPerEpoch()).isEqualTo(100.0);
    }

    @Test
    void shouldRefuseAPointOutsideTheStoredWindow() {
        var stored = ChunkWindows.merge(null, steps(0, 10, 1));

        assertThatThrownBy(() -> ChunkWindows.merge(stored, List.of(point(1000, 1))))
                .hasMessageContaining("step 1000 lies outside window 0");
    }
}
