package dev.anneal.artifacts;

import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * An artifact's address: the SHA-256 of its bytes, as 64 lowercase hexadecimal digits.
 *
 * @param sha256 the digest in hexadecimal
 */
public record ArtifactId(String sha256) {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    public ArtifactId {
        if (sha256 == null || !HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException(
                    "an artifact id is a SHA-256 in 64 lowercase hexadecimal digits but was " + shown(sha256));
        }
    }

    /** The id of the content whose SHA-256 is {@code digest}. */
    static ArtifactId of(byte[] digest) {
        return new ArtifactId(HexFormat.of().formatHex(digest));
    }

    /** What a caller sent, bounded, for a message that names it. */
    private static String shown(String value) {
        if (value == null) {
            return "missing";
        }
        return value.length() <= 80 ? "\"" + value + "\"" : "\"" + value.substring(0, 80) + "…\"";
    }

    @Override
    public String toString() {
        return sha256;
    }
}
