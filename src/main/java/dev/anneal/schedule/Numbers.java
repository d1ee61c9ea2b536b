package dev.anneal.schedule;

/** Formats numbers for messages the way a researcher writes them: {@code 2}, {@code 0.5}, {@code 1e-4}. */
final class Numbers {

    private Numbers() {}

    static String format(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value).replace(".0E", "E").replace("E", "e");
    }
}
