package dev.anneal.library.web;

import dev.anneal.library.DatasetManifest;
import dev.anneal.library.ModelManifest;
import dev.anneal.web.FieldErrors;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.validation.BindException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reads an upload's {@code manifest} part: JSON text, read into its record or refused naming each field. */
@Component
class ManifestParts {

    /** The longest manifest: notes of 10 000 characters and the fields around them. */
    static final int MAX_LENGTH = 16 * 1024;

    private final JsonMapper json;

    ManifestParts(JsonMapper json) {
        this.json = json;
    }

    /** The manifest of an uploaded model. */
    ModelManifest model(String text) throws BindException {
        var errors = new FieldErrors();
        var manifest = ModelManifest.read(object(text), errors);
        errors.throwIfAny();
        return manifest;
    }

    /** The manifest of an uploaded dataset. */
    DatasetManifest dataset(String text) throws BindException {
        var errors = new FieldErrors();
        var manifest = DatasetManifest.read(object(text), errors);
        errors.throwIfAny();
        return manifest;
    }

    /** The part's JSON object, as a map; refused naming {@code manifest} when it is none. */
    private Map<String, Object> object(String text) throws BindException {
        var errors = new FieldErrors();
        Map<String, Object> given = null;
        if (text.length() > MAX_LENGTH) {
            errors.reject("manifest", null, "manifest must be at most %d characters".formatted(MAX_LENGTH));
        } else {
            try {
                given = json.readValue(text, new TypeReference<Map<String, Object>>() {});
            } catch (JacksonException e) {
                errors.reject("manifest", null, "manifest must be a JSON object: " + e.getOriginalMessage());
            }
            if (given == null && errors.isEmpty()) {
                errors.reject("manifest", null, "manifest must be a JSON object but was null");
            }
        }
        errors.throwIfAny();
        return given;
    }
}
