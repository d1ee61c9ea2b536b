package dev.anneal.library.web;

import java.io.InputStream;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** An uploaded file handed back as it was uploaded: an attachment of its length, under a name to save it as. */
final class Downloads {

    private Downloads() {}

    static ResponseEntity<InputStreamResource> attachment(String filename, long size, InputStream content) {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .contentLength(size)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(filename)
                                .build()
                                .toString())
                .body(new InputStreamResource(content));
    }
}
