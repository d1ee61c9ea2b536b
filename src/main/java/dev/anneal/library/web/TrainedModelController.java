package dev.anneal.library.web;

import dev.anneal.library.TrainedModels;
import dev.anneal.run.Runs;
import dev.anneal.web.InvalidFieldException;
import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.util.UUID;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** What a run hands back: the model it trained, as a plain TorchScript file. */
@RestController
class TrainedModelController {

    private final Runs runs;
    private final TrainedModels trained;

    TrainedModelController(Runs runs, TrainedModels trained) {
        this.runs = runs;
        this.trained = trained;
    }

    @GetMapping(value = "/api/runs/{id}/model", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    @Operation(
            summary = "The model a run trained, as a TorchScript file",
            description = "An uploaded model's final weights (in evaluation mode), once its run succeeded:"
                    + " torch.jit.load(path) opens it; snapshot=N, snapshot N's (from 0, oldest first) of a run that"
                    + " kept them. 404 for a run that has none.")
    ResponseEntity<InputStreamResource> model(@PathVariable UUID id, @RequestParam(required = false) Integer snapshot)
            throws IOException {
        var run = runs.get(id); // 404 for an unknown run
        if (snapshot != null && snapshot < 0) {
            // -1 is how the final model is kept: not a snapshot to ask for
            throw new InvalidFieldException(
                    "snapshot", "snapshot must be 0 or more (snapshots count from 0), but was %d".formatted(snapshot));
        }
        if (snapshot != null) {
            var kept = trained.of(id, snapshot)
                    .orElseThrow(() -> new ResponseStatusException(
                            HttpStatus.NOT_FOUND,
                            "run %s has no snapshot %d: a run of an uploaded model that kept snapshots hands back each,"
                                            .formatted(id, snapshot)
                                    + " numbered from 0, oldest first"));
            return Downloads.attachment(
                    "%s-snapshot-%d.pt".formatted(fileName(run.name()), snapshot),
                    kept.sizeBytes(),
                    trained.open(kept));
        }
        var model = trained.of(id, TrainedModels.FINAL)
                .orElseThrow(() -> new ResponseStatusException(
                        HttpStatus.NOT_FOUND,
                        "run %s has no trained model to hand back: only a run of an uploaded TorchScript model that"
                                        .formatted(id)
                                + " succeeded has one (this one is %s)"
                                        .formatted(run.status().name().toLowerCase())));
        return Downloads.attachment("%s.pt".formatted(fileName(run.name())), model.sizeBytes(), trained.open(model));
    }

    private static String fileName(String runName) {
        return runName.replaceAll("[^A-Za-z0-9_.-]", "_");
    }
}
