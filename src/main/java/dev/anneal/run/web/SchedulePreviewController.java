package dev.anneal.run.web;

import dev.anneal.schedule.SchedulePreview;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.validation.BindException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Previews a schedule before a run is launched with it. */
@RestController
class SchedulePreviewController {

    @PostMapping("/api/schedules/preview")
    @Operation(
            summary = "Preview a learning-rate schedule",
            description = "The rate at every step of a run (total_steps) or at given positions (at), the cycles"
                    + " crossed, and warnings about the schedule for this run length.")
    SchedulePreview preview(@RequestBody PreviewRequest request) throws BindException {
        return request.preview();
    }
}
