package dev.anneal.ingest.mlflow;

import dev.anneal.access.Actor;
import dev.anneal.ingest.RunArtifacts;
import dev.anneal.run.Run;
import dev.anneal.run.Runs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * MLflow's artifact proxy ({@code mlflow-artifacts}), which {@code log_artifact} and autolog upload through when a
 * run's artifact URI is {@code mlflow-artifacts:/<experiment>/<run>/artifacts}: upload, download and list, over
 * {@link RunArtifacts} (the files kept by content in Anneal's artifact store, within its size limit).
 */
@RestController
@Tag(name = "MLflow")
class MlflowArtifactsController {

    static final String PREFIX = "/api/2.0/mlflow-artifacts/artifacts";

    private final RunArtifacts artifacts;
    private final Runs runs;
    private final MlflowViews views;

    MlflowArtifactsController(RunArtifacts artifacts, Runs runs, MlflowViews views) {
        this.artifacts = artifacts;
        this.runs = runs;
        this.views = views;
    }

    /** A path under the proxy: the run it names and the artifact's path under the run's root. */
    private record Located(Run run, String path) {}

    record FileInfo(String path, boolean isDir, Long fileSize) {}

    record Files(List<FileInfo> files) {}

    @PutMapping(PREFIX + "/**")
    @Operation(summary = "MLflow: upload an artifact", description = "The body is the file; at most the store's limit")
    Map<String, Object> upload(HttpServletRequest request, Principal principal) throws IOException {
        var located = locate(pathOf(request), false);
        artifacts.put(located.run().id(), located.path(), request.getInputStream(), Actor.of(principal));
        return Map.of();
    }

    @GetMapping(PREFIX + "/**")
    @Operation(summary = "MLflow: download an artifact")
    ResponseEntity<InputStreamResource> download(HttpServletRequest request) {
        var located = locate(pathOf(request), false);
        var opened = artifacts
                .open(located.run().id(), located.path())
                .orElseThrow(() -> MlflowException.notFound("No artifact at " + located.path()));
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .contentLength(opened.size())
                .body(new InputStreamResource(opened.content()));
    }

    @GetMapping(PREFIX)
    @Operation(summary = "MLflow: list artifacts", description = "path: <experiment>/<run>/artifacts[/<folder>]")
    Files list(@RequestParam(required = false) String path) {
        var located = locate(path == null ? "" : path, true);
        String folder = located.path();
        int cut = folder.isEmpty() ? 0 : folder.length() + 1;
        return new Files(artifacts.list(located.run().id(), folder).stream()
                .map(entry -> new FileInfo(entry.path().substring(cut), entry.directory(), entry.size()))
                .toList());
    }

    private static String pathOf(HttpServletRequest request) {
        String uri = request.getRequestURI().substring(request.getContextPath().length());
        return URLDecoder.decode(uri.substring(Math.min(uri.length(), PREFIX.length() + 1)), StandardCharsets.UTF_8);
    }

    /** {@code <experiment>/<run>/artifacts/<path>}: the run, and the path under its root ({@code ""} when listing it). */
    private Located locate(String path, boolean folder) {
        String[] parts = path.split("/", 4);
        if (parts.length < 3 || !parts[2].equals("artifacts") || (!folder && parts.length < 4)) {
            throw MlflowException.invalid(
                    "An artifact path is <experiment_id>/<run_id>/artifacts/<path> but was '" + path + "'");
        }
        Run run;
        try {
            run = runs.get(UUID.fromString(parts[1]));
        } catch (IllegalArgumentException notAnId) {
            throw MlflowException.notFound("Run '" + parts[1] + "' not found");
        }
        if (!views.idOf(run.experiment()).equals(parts[0])) {
            throw MlflowException.notFound("Run '%s' is not in experiment %s".formatted(parts[1], parts[0]));
        }
        String under = parts.length < 4 ? "" : parts[3];
        if (under.endsWith("/")) {
            under = under.substring(0, under.length() - 1);
        }
        return new Located(run, under);
    }
}
