package dev.anneal.artifacts;

/** Content longer than the store takes (or than its caller allows); nothing of it is kept. */
public class ArtifactTooLargeException extends RuntimeException {

    private final long limit;

    public ArtifactTooLargeException(long limit) {
        super("an artifact may hold at most " + readable(limit));
        this.limit = limit;
    }

    /** The most bytes the store took. */
    public long limit() {
        return limit;
    }

    /** {@code bytes} as a person reads a size: "2.0 GiB (2147483648 bytes)", or "10 bytes" below a KiB. */
    private static String readable(long bytes) {
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        int unit = -1;
        double scaled = bytes;
        while (scaled >= 1024 && unit < units.length - 1) {
            scaled /= 1024;
            unit++;
        }
        return unit < 0 ? bytes + " bytes" : "%.1f %s (%d bytes)".formatted(scaled, units[unit], bytes);
    }
}
