package dev.anneal.ingest.web;

import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the one-file Python client (src/main/python/anneal_log.py, copied into the jar by the build), so a team
 * behind a firewall fetches it from its own Anneal: {@code curl -O http://anneal:8080/client/anneal_log.py}. It holds
 * no secret, so anyone may fetch it.
 */
@RestController
class ClientController {

    private final byte[] client;

    ClientController() {
        try (var in = new ClassPathResource("client/anneal_log.py").getInputStream()) {
            this.client = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("the Python client is missing from the build", e);
        }
    }

    @GetMapping("/client/anneal_log.py")
    @Operation(
            summary = "The Python client",
            description = "One file, standard library only, Python 3.8+: start, log, watch(scheduler), finish.")
    ResponseEntity<byte[]> client() {
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "x-python", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"anneal_log.py\"")
                .cacheControl(CacheControl.maxAge(Duration.ofHours(1)))
                .body(client);
    }
}
