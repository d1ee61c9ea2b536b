package dev.anneal.run.web;

import dev.anneal.schedule.SchedulePreview;
import dev.anneal.schedule.ScheduleUnit;
import dev.anneal.web.FieldErrors;
import java.util.List;
import org.springframework.validation.BindException;

/**
 * A request to preview a schedule: over a whole run ({@code total_steps}, with {@code steps_per_epoch} for an epoch
 * schedule) or at explicit positions ({@code at}).
 */
record PreviewRequest(ScheduleRequest schedule, Long totalSteps, Long stepsPerEpoch, List<Double> at) {

    /** Steps per epoch beyond this are not a dataset anyone trains on; they only make previews absurd. */
    static final long MAX_STEPS_PER_EPOCH = 10_000_000;

    /** Validates the request and computes its preview; throws naming every bad field. */
    SchedulePreview preview() throws BindException {
        var errors = new FieldErrors();
        errors.requireNonNull("schedule", schedule);
        var config = schedule == null
                ? null
                : schedule.toSchedule("schedule", errors).orElse(null);
        if ((totalSteps == null) == (at == null)) {
            errors.reject("total_steps", totalSteps, "give exactly one of total_steps or at");
        }
        if (totalSteps != null) {
            errors.wholeNumber("total_steps", totalSteps, 1, SchedulePreview.MAX_POINTS);
        }
        boolean epochs = config != null && config.unit() == ScheduleUnit.EPOCH;
        if (totalSteps != null && epochs) {
            if (stepsPerEpoch == null) {
                errors.reject("steps_per_epoch", null, "steps_per_epoch is required with unit epoch and total_steps");
            } else {
                errors.wholeNumber("steps_per_epoch", stepsPerEpoch, 1, MAX_STEPS_PER_EPOCH);
            }
        }
        if (at != null) {
            checkPositions(errors);
        }
        errors.throwIfAny();
        if (at != null) {
            return SchedulePreview.at(
                    config, at.stream().mapToDouble(Double::doubleValue).toArray());
        }
        return SchedulePreview.ofRun(
                config, totalSteps.intValue(), stepsPerEpoch == null ? 1 : stepsPerEpoch.intValue());
    }

    private void checkPositions(FieldErrors errors) {
        if (at.isEmpty() || at.size() > SchedulePreview.MAX_POINTS) {
            errors.reject(
                    "at",
                    null,
                    "at must hold between 1 and %d positions but held %d"
                            .formatted(SchedulePreview.MAX_POINTS, at.size()));
            return;
        }
        for (int i = 0; i < at.size(); i++) {
            Double t = at.get(i);
            if (t == null || !(t >= 0 && t <= SchedulePreview.MAX_POSITION)) {
                errors.reject(
                        "at[" + i + "]",
                        t,
                        "at[%d] must be a number in [0, %.0f] but was %s"
                                .formatted(i, SchedulePreview.MAX_POSITION, t));
                return; // one bad position says enough; a hundred thousand messages would not help
            }
        }
    }
}
