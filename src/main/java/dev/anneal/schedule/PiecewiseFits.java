package dev.anneal.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The schedules that hold a rate and then drop it by a factor: a constant rate, {@code StepLR} (a drop every
 * {@code step_size}) and {@code MultiStepLR} (a drop at each milestone). A drop is read at the first logged step
 * with the new rate.
 */
final class PiecewiseFits {

    private PiecewiseFits() {}

    /** A rate that never changes. */
    static final ScheduleFit CONSTANT = series -> series.rate(0) > 0
            ? Optional.of(BaselineSchedule.Constant.of(series.rate(0), ScheduleUnit.STEP, 0, 0))
            : Optional.empty();

    /** {@code StepLR}: drops by one factor at every multiple of the step size. */
    static final ScheduleFit STEP = series -> {
        var drops = drops(series);
        if (drops.isEmpty() || series.rate(0) <= 0) {
            return Optional.empty();
        }
        long size =
                drops.size() > 1 ? series.step(drops.get(1)) - series.step(drops.get(0)) : series.step(drops.get(0));
        double gamma = factor(series, drops.get(0));
        double base = series.rate(0) / Math.pow(gamma, Math.floorDiv(series.step(0), size));
        return valid(() -> BaselineSchedule.Step.of(base, size, gamma, ScheduleUnit.STEP, 0, 0));
    };

    /** {@code MultiStepLR}: drops by one factor at each milestone. */
    static final ScheduleFit MULTISTEP = series -> {
        var drops = drops(series);
        if (drops.isEmpty() || series.rate(0) <= 0) {
            return Optional.empty();
        }
        var milestones = new ArrayList<Double>();
        drops.forEach(i -> milestones.add((double) series.step(i)));
        double gamma = factor(series, drops.get(0));
        return valid(() -> BaselineSchedule.MultiStep.of(series.rate(0), milestones, gamma, ScheduleUnit.STEP, 0, 0));
    };

    /** The indices whose rate is not the one logged before it. */
    private static List<Integer> drops(RateSeries series) {
        var drops = new ArrayList<Integer>();
        for (int i = 1; i < series.size(); i++) {
            if (!RateSeries.same(series.rate(i), series.rate(i - 1))) {
                drops.add(i);
            }
        }
        return drops;
    }

    private static double factor(RateSeries series, int drop) {
        return series.rate(drop) / series.rate(drop - 1);
    }

    /** The schedule {@code build} makes, or empty when the fitted values break its rules (a rise, say). */
    static Optional<RateSchedule> valid(java.util.function.Supplier<RateSchedule> build) {
        try {
            return Optional.of(build.get());
        } catch (InvalidScheduleException e) {
            return Optional.empty();
        }
    }
}
