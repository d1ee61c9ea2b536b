package dev.anneal.library.web;

import dev.anneal.access.Actor;
import dev.anneal.library.Datasets;
import dev.anneal.library.UploadedDataset;
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

/** Uploaded datasets over REST: upload (read and checked whole), list, read, download and delete. */
@RestController
class DatasetController {

    private final Datasets datasets;
    private final ManifestParts manifests;

    DatasetController(Datasets datasets, ManifestParts manifests) {
        this.datasets = datasets;
        this.manifests = manifests;
    }

    @PostMapping(value = "/api/datasets", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(
            summary = "Upload a dataset",
            description = "Parts: file (a CSV with a header, an .npz with x and y, or a zip of an image folder) and"
                    + " manifest (JSON: name, notes, format, label, task, image_size, channels). Read whole and"
                    + " checked; 400 naming the row, file or field at fault.")
    ResponseEntity<UploadedDataset> upload(
            @RequestPart("file") MultipartFile file, @RequestPart("manifest") String manifest, Principal principal)
            throws IOException, BindException {
        var read = manifests.dataset(manifest);
        try (var content = file.getInputStream()) {
            var dataset = datasets.upload(Actor.of(principal), read, content);
            return ResponseEntity.created(URI.create("/api/datasets/" + dataset.id()))
                    .body(dataset);
        }
    }

    /**
     * The uploaded datasets.
     *
     * @param items newest first
     */
    record DatasetList(List<UploadedDataset> items) {}

    @GetMapping("/api/datasets")
    @Operation(summary = "The uploaded datasets, newest first")
    DatasetList list() {
        return new DatasetList(datasets.all());
    }

    @GetMapping("/api/datasets/{id}")
    @Operation(summary = "An uploaded dataset, with what reading it found")
    UploadedDataset get(@PathVariable UUID id) {
        return datasets.get(id);
    }

    @GetMapping(value = "/api/datasets/{id}/file", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    @Operation(summary = "An uploaded dataset's file, as uploaded")
    ResponseEntity<InputStreamResource> file(@PathVariable UUID id) throws IOException {
        var dataset = datasets.get(id);
        String extension = switch (dataset.format()) {
            case CSV -> "csv";
            case NPZ -> "npz";
            case IMAGE_FOLDER -> "zip";
        };
        return Downloads.attachment(dataset.name() + "." + extension, dataset.sizeBytes(), datasets.open(id));
    }

    @DeleteMapping("/api/datasets/{id}")
    @Operation(summary = "Delete an uploaded dataset: its owner or an admin")
    ResponseEntity<Void> delete(@PathVariable UUID id, Principal principal) throws IOException {
        datasets.delete(id, Actor.of(principal));
        return ResponseEntity.noContent().build();
    }
}
