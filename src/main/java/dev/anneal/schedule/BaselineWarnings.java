package dev.anneal.schedule;

import dev.anneal.schedule.SchedulePreview.Warning;
import java.util.List;

/** The checks a preview runs on a baseline schedule for a given run length: decays the run never reaches. */
final class BaselineWarnings {

    private BaselineWarnings() {}

    /** A step schedule whose first decay falls after a run that ends at {@code runEnd}. */
    static List<Warning> ofStep(BaselineSchedule.Step step, double runEnd) {
        double firstDecay = step.warmup() + step.stepSize();
        if (firstDecay < runEnd) {
            return List.of();
        }
        return List.of(new Warning(
                "NEVER_DECAYS",
                "the first decay comes at %s %s but the run ends at %s: the rate stays at base_lr"
                        .formatted(step.unit().apiName(), Numbers.format(firstDecay), Numbers.format(runEnd))));
    }

    /** Milestones at or after the end of the run: they never apply. */
    static List<Warning> ofMultiStep(BaselineSchedule.MultiStep multi, double runEnd) {
        var late = multi.milestones().stream()
                .filter(milestone -> multi.warmup() + milestone >= runEnd)
                .map(Numbers::format)
                .toList();
        if (late.isEmpty()) {
            return List.of();
        }
        return List.of(new Warning(
                "MILESTONES_AFTER_RUN",
                "milestones %s fall at or after the run's end (%s %s): they never apply"
                        .formatted(String.join(", ", late), multi.unit().apiName(), Numbers.format(runEnd))));
    }

    /** One-cycle is built for one run length, its {@code total}: a run of another length misses its floor or idles. */
    static List<Warning> ofOneCycle(BaselineSchedule.OneCycle cycle, double runEnd) {
        String unit = cycle.unit().apiName();
        if (cycle.total() > runEnd) {
            return List.of(new Warning(
                    "ONE_CYCLE_LONGER_THAN_RUN",
                    "one_cycle's total is %s %s but the run ends at %s: it stops at lr %s, before annealing to its floor"
                            .formatted(
                                    Numbers.format(cycle.total()),
                                    unit,
                                    Numbers.format(runEnd),
                                    Numbers.format(cycle.rate(Math.max(0, runEnd - 1))))));
        }
        if (cycle.total() < runEnd) {
            return List.of(new Warning(
                    "ONE_CYCLE_SHORTER_THAN_RUN",
                    "one_cycle's total is %s %s but the run ends at %s: the rest of the run stays at its floor, lr %s"
                            .formatted(
                                    Numbers.format(cycle.total()),
                                    unit,
                                    Numbers.format(runEnd),
                                    Numbers.format(cycle.rate(cycle.total())))));
        }
        return List.of();
    }
}
