package dev.anneal.training;

import dev.anneal.metrics.MetricWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs an LR range test: each repeat a fresh model from the next seed along the ramp, stored after the steps of the
 * repeats before it, so one run's series hold every repeat; its parts are the ramp, and the watch that smooths, stops
 * and keeps the curve. The models are thrown away: no checkpoint is written.
 */
final class RangeTestRepeats {

    /** How a repeat's loop is trained: {@link Training}'s, with the repeat's parts. */
    interface Loops {
        TrainingOutcome train(TrainingPlan plan, TrainingObserver observer, LoopParts parts);
    }

    private final MetricWriter metrics;

    RangeTestRepeats(MetricWriter metrics) {
        this.metrics = metrics;
    }

    TrainingOutcome run(TrainingPlan plan, TrainingObserver observer, Loops loops) {
        var ramp = plan.rangeTest();
        var whole = new WholeTest(observer, (long) ramp.numSteps() * ramp.repeats());
        var repeats = new ArrayList<RangeTestOutcome.Repeat>();
        TrainingOutcome last = null;
        for (int repeat = 0; repeat < ramp.repeats(); repeat++) {
            long loggedFrom = (long) repeat * ramp.numSteps();
            var watch = new RangeTestWatch(plan.runId(), ramp, metrics.batch(), loggedFrom);
            var parts = new LoopParts(
                    RampRates.of(ramp),
                    List.of(watch),
                    List.of(watch),
                    LoopParts.Course.probe(ramp.numSteps(), loggedFrom));
            whole.repeatFrom(loggedFrom);
            last = loops.train(plan.withSeed(plan.loop().seed() + repeat), whole, parts);
            var stop = watch.stop();
            if (last.interrupted() || stop.isEmpty()) {
                return last; // cancelled, shut down or cut off: no curve to read
            }
            repeats.add(new RangeTestOutcome.Repeat(
                    watch.rates(),
                    watch.smoothedLosses(),
                    new RangeTestOutcome.Stop(
                            stop.get().reason().apiName(),
                            stop.get().step(),
                            stop.get().lr())));
        }
        return new TrainingOutcome(true, last.summary(), null, new RangeTestOutcome(repeats));
    }

    /**
     * The run's observer seen through one repeat at a time: started once, for every repeat's steps, and told the
     * steps of the whole test.
     */
    private static final class WholeTest implements TrainingObserver {

        private final TrainingObserver run;
        private final long totalSteps;
        private boolean started;
        private long from;

        WholeTest(TrainingObserver run, long totalSteps) {
            this.run = run;
            this.totalSteps = totalSteps;
        }

        void repeatFrom(long step) {
            from = step;
        }

        @Override
        public void started(long steps, String device) {
            if (!started) {
                started = true;
                run.started(totalSteps, device);
            }
        }

        @Override
        public boolean stepped(long steps, double epoch) {
            return run.stepped(from + steps, epoch);
        }

        @Override
        public boolean isStopped() {
            return run.isStopped();
        }
    }
}
