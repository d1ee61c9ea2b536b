package dev.anneal.library;

import dev.anneal.web.FieldErrors;
import java.util.List;
import java.util.Map;

/** What every upload's manifest is held to alike. */
final class ManifestFields {

    private ManifestFields() {}

    /** Records a problem for each field of {@code given} that is not among {@code known}, listing those. */
    static void refuseUnknown(Map<String, Object> given, List<String> known, FieldErrors errors) {
        for (String field : given.keySet()) {
            if (!known.contains(field)) {
                errors.reject(
                        "manifest." + field,
                        null,
                        "manifest." + field + " is not a manifest field: " + String.join(", ", known));
            }
        }
    }
}
