package dev.anneal.library;

/** Checks on the numbers of an uploaded dataset. */
final class Values {

    private Values() {}

    /** Refuses {@code values} (the array {@code name}) when one is not a finite number, naming the first. */
    static void requireFinite(float[] values, String name) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new DataRefusedException(
                        "file",
                        "%s holds %s at position %d: every value must be a finite number"
                                .formatted(name, values[i], i));
            }
        }
    }
}
