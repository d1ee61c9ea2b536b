package dev.anneal.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Recognises the schedule behind a logged learning rate, for a run Anneal did not train: which of the kinds it knows
 * (constant, exponential, step, multistep, linear, one-cycle, cosine with warmup and warm restarts) and with what
 * settings. Every kind's fit is tried; a fit counts when its rate at every logged step is the logged rate within
 * {@link #TOLERANCE}, and of those that count the one closest to the series wins (the simplest kind, in the order
 * above, where they reproduce it equally).
 *
 * <p>On rates PyTorch's own schedulers produce, the recognised schedule reproduces every one to rounding
 * (about 1e-12); through a float32 on the way (as many scripts log), to under 1e-6.
 */
public final class ScheduleInference {

    /** The largest relative deviation at any logged step for a schedule to count as recognised. */
    public static final double TOLERANCE = 1e-5;

    private static final List<ScheduleFit> FITS = List.of(
            PiecewiseFits.CONSTANT,
            SmoothFits.EXPONENTIAL, // before step: StepLR with a step of 1 is ExponentialLR, and is logged as such
            PiecewiseFits.STEP,
            PiecewiseFits.MULTISTEP,
            SmoothFits.LINEAR,
            SmoothFits.oneCycle(BaselineSchedule.OneCycle.Anneal.COS),
            SmoothFits.oneCycle(BaselineSchedule.OneCycle.Anneal.LINEAR),
            new CosineFit());

    private ScheduleInference() {}

    /** The schedule behind {@code series}, or why none is recognised. */
    public static InferredSchedule infer(RateSeries series) {
        if (series.size() < 2) {
            return new InferredSchedule.Unrecognised("one logged rate is not enough to tell a schedule by");
        }
        if (series.max() == 0) {
            return new InferredSchedule.Unrecognised("every logged rate is 0");
        }
        var counted = new ArrayList<InferredSchedule.Recognised>();
        for (ScheduleFit fit : FITS) {
            Optional<RateSchedule> schedule = fit.fit(series);
            if (schedule.isPresent()) {
                double deviation = series.maxRelativeDeviation(schedule.get().curve());
                if (deviation <= TOLERANCE) {
                    counted.add(new InferredSchedule.Recognised(schedule.get(), deviation));
                }
            }
        }
        double closest = counted.stream()
                .mapToDouble(InferredSchedule.Recognised::maxRelativeDeviation)
                .min()
                .orElse(0);
        // where several reproduce the series about equally, the simplest kind (the first) stands
        var best = counted.stream()
                .filter(recognised -> recognised.maxRelativeDeviation() <= Math.max(10 * closest, 1e-12))
                .findFirst()
                .orElse(null);
        return best != null
                ? best
                : new InferredSchedule.Unrecognised(
                        "no constant, exponential, step, multistep, linear, one-cycle or cosine schedule reproduces"
                                + " the logged rates within " + TOLERANCE + " relative");
    }
}
