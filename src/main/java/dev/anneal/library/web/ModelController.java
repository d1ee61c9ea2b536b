package dev.anneal.library.web;

import dev.anneal.access.Actor;
import dev.anneal.library.ModelManifest;
import dev.anneal.library.Models;
import dev.anneal.library.UploadedModel;
import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.UUID;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.BindException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Uploaded models over REST: upload (checked), list, read, download and delete. */
@RestController
class ModelController {

    private final Models models;
    private final ManifestParts manifests;

    ModelController(Models models, ManifestParts manifests) {
        this.models = models;
        this.manifests = manifests;
    }

    @PostMapping(value = "/api/models", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(
            summary = "Upload a TorchScript model",
            description = "Parts: file (torch.jit.script(model).save(path), or a traced module) and manifest (JSON:"
                    + " name, version, notes, input_shape, input_dtype, task, classes | outputs, loss). Checked with"
                    + " one forward and one backward pass on a batch of input_shape; 400 naming the problem.")
    ResponseEntity<UploadedModel> upload(
            @RequestPart("file") MultipartFile file, @RequestPart("manifest") String manifest, Principal principal)
            throws IOException, BindException {
        ModelManifest read = manifests.model(manifest);
        try (var content = file.getInputStream()) {
            var model = models.upload(Actor.of(principal), read, content);
            return ResponseEntity.created(URI.create("/api/models/" + model.id()))
                    .body(model);
        }
    }

    /**
     * The uploaded models.
     *
     * @param items newest first
     */
    record ModelList(List<UploadedModel> items) {}

    @GetMapping("/api/models")
    @Operation(summary = "The uploaded models, newest first")
    ModelList list() {
        return new ModelList(models.all());
    }

    @GetMapping("/api/models/{id}")
    @Operation(summary = "An uploaded model")
    UploadedModel get(@PathVariable UUID id) {
        return models.get(id);
    }

    @GetMapping(value = "/api/models/{id}/file", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    @Operation(summary = "An uploaded model's TorchScript file, as uploaded")
    ResponseEntity<InputStreamResource> file(@PathVariable UUID id) throws IOException {
        var model = models.get(id);
        return Downloads.attachment(
                "%s-%s.pt".formatted(model.name(), model.version()), model.sizeBytes(), models.open(id));
    }

    @DeleteMapping("/api/models/{id}")
    @Operation(summary = "Delete an uploaded model: its owner or an admin")
    ResponseEntity<Void> delete(@PathVariable UUID id, Principal principal) throws IOException {
        models.delete(id, Actor.of(principal));
        return ResponseEntity.noContent().build();
    }
}
