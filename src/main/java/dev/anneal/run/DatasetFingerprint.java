package dev.anneal.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Map;
import java.util.TreeMap;

/**
 * What identifies a run's data exactly: the SHA-256 of each file it was read from, or the generator and its seed,
 * with the limit when only part of it was used. Stored in the run's {@code dataset_fingerprint} document, shown once
 * on the run page.
 *
 * @param entries each file's checksum, or each generator setting, by name
 */
public record DatasetFingerprint(@JsonValue Map<String, String> entries) {

    /** Keeps the entries in name order, as the document lists them. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public DatasetFingerprint {
        entries = new TreeMap<>(entries);
    }
}
