package dev.anneal.run.web;

import dev.anneal.schedule.ConfigViolation;
import dev.anneal.schedule.InvalidScheduleException;
import dev.anneal.schedule.RangeRamp;
import dev.anneal.web.FieldErrors;
import java.util.Optional;

/**
 * The {@code range_test} of a launch request of kind {@code lr_range_test}: every field may be left out for its
 * default (1e-7 to 10 over 100 steps, exponential, smoothing 0.98, stop at 4× the best, once).
 */
record RangeTestRequest(
        Double startLr,
        Double endLr,
        Integer numSteps,
        String mode,
        Double smoothing,
        Double divergeFactor,
        Integer repeats) {

    /** The ramp none of whose fields were given. */
    static final RangeTestRequest DEFAULTS = new RangeTestRequest(null, null, null, null, null, null, null);

    /** The validated ramp, or empty with every problem recorded in {@code errors} under {@code prefix}. */
    Optional<RangeRamp> toRamp(String prefix, FieldErrors errors) {
        var defaults = RangeRamp.builder().build();
        var parsedMode = errors.choice(
                prefix + ".mode", mode, RangeRamp.Mode.EXPONENTIAL, RangeRamp.Mode.class, RangeRamp.Mode::apiName);
        try {
            var ramp = RangeRamp.builder()
                    .optStartLr(startLr == null ? defaults.startLr() : startLr)
                    .optEndLr(endLr == null ? defaults.endLr() : endLr)
                    .optNumSteps(numSteps == null ? defaults.numSteps() : numSteps)
                    .optMode(parsedMode.orElse(RangeRamp.Mode.EXPONENTIAL))
                    .optSmoothing(smoothing == null ? defaults.smoothing() : smoothing)
                    .optDivergeFactor(divergeFactor == null ? defaults.divergeFactor() : divergeFactor)
                    .optRepeats(repeats == null ? defaults.repeats() : repeats)
                    .build();
            return parsedMode.map(ignored -> ramp);
        } catch (InvalidScheduleException e) {
            for (ConfigViolation violation : e.violations()) {
                errors.reject(prefix + "." + violation.field(), null, prefix + "." + violation.message());
            }
            return Optional.empty();
        }
    }
}
