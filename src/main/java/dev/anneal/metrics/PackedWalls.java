package dev.anneal.metrics;

/**
 * A chunk's wall times in the few bits a point their spread needs: each point's time less the one before's (the first
 * point's is the chunk's own column), less the smallest such difference ({@code base}), written in {@code bits} bits
 * each, most significant first, one after another. A run that logs a step every 15 to 45 ms needs 5 bits a point where
 * a timestamp takes 64; a steady logger's every difference is {@code base} and takes none.
 * {@code V22__metric_chunks.sql} packs and unpacks the same layout in SQL.
 *
 * @param base the smallest difference between consecutive wall times, in milliseconds
 * @param bits the bits each difference takes past {@code base}
 * @param packed the differences past {@code base}, packed
 */
record PackedWalls(long base, int bits, byte[] packed) {

    /** The packing of {@code offsets}: each point's wall time after the first's, the first's being 0. */
    static PackedWalls of(long[] offsets) {
        int n = offsets.length - 1;
        if (n <= 0) {
            return new PackedWalls(0, 0, new byte[0]);
        }
        long base = Long.MAX_VALUE;
        long highest = Long.MIN_VALUE;
        for (int i = 1; i <= n; i++) {
            long delta = offsets[i] - offsets[i - 1];
            base = Math.min(base, delta);
            highest = Math.max(highest, delta);
        }
        int bits = 64 - Long.numberOfLeadingZeros(highest - base);
        var packed = new byte[(int) (((long) bits * n + 7) / 8)];
        long at = 0;
        for (int i = 1; i <= n; i++) {
            long excess = offsets[i] - offsets[i - 1] - base;
            for (int b = bits - 1; b >= 0; b--, at++) {
                if ((excess >>> b & 1) != 0) {
                    packed[(int) (at >>> 3)] |= (byte) (0x80 >>> (at & 7));
                }
            }
        }
        return new PackedWalls(base, bits, packed);
    }

    /** The offsets of {@code count} points back: each wall time after the first's. */
    long[] offsets(int count) {
        var offsets = new long[count];
        long at = 0;
        for (int i = 1; i < count; i++) {
            long excess = 0;
            for (int b = 0; b < bits; b++, at++) {
                excess = excess << 1 | (packed[(int) (at >>> 3)] >>> (7 - (at & 7)) & 1);
            }
            offsets[i] = offsets[i - 1] + base + excess;
        }
        return offsets;
    }
}
