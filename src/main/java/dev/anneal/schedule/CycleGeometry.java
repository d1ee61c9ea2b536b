package dev.anneal.schedule;

/**
 * Where cycles start and how long they are, from an anchor cycle onwards: cycle {@code first + j} has length
 * {@code L * m^j} and starts at {@code S + L * (m^j - 1) / (m - 1)}.
 *
 * <p>Cycle search never trusts {@code floor(log(...))} alone: it estimates with logarithms, then corrects against
 * the very start positions it reports, so a position exactly at a restart always lands in the new cycle. With an
 * integer {@code t_mult} the starts are exact integers ({@link Math#pow} is exact for integer arguments), which is
 * where PyTorch's {@code step(epoch)} lands one cycle low.
 */
record CycleGeometry(long firstIndex, double firstStart, double firstLength, double tMult) {

    /**
     * Cycles past this number are beyond what a {@code double} counts exactly; a position there has no honest cycle,
     * and searching for one would step through billions of them.
     */
    static final double MAX_CYCLES = 0x1p53;

    /** Below this {@code t_mult - 1}, the geometric sum is computed without cancellation. */
    private static final double NEAR_ONE = 1e-3;

    /** The index of the cycle that contains {@code t}, for {@code t >= firstStart}. */
    long locate(double t) {
        long index = firstIndex + estimate(t - firstStart);
        while (start(index + 1) <= t) {
            index++;
        }
        while (index > firstIndex && start(index) > t) {
            index--;
        }
        return index;
    }

    double start(long index) {
        long j = index - firstIndex;
        if (j == 0) {
            return firstStart;
        }
        return firstStart + firstLength * cyclesLengthSum(j);
    }

    double length(long index) {
        long j = index - firstIndex;
        return j == 0 ? firstLength : firstLength * Math.pow(tMult, j);
    }

    /** {@code (m^j - 1) / (m - 1)}: the length of {@code j} cycles in units of the first cycle's length. */
    private double cyclesLengthSum(long j) {
        if (tMult == 1) {
            return j;
        }
        if (tMult - 1 < NEAR_ONE) {
            return Math.expm1(j * Math.log1p(tMult - 1)) / (tMult - 1);
        }
        return (Math.pow(tMult, j) - 1) / (tMult - 1);
    }

    /** How many cycles growing by {@code t_mult} fit in {@code lengths} first-cycle lengths, in closed form. */
    private double grownCycles(double lengths) {
        double scaled = lengths * (tMult - 1);
        // a huge t_mult overflows the product; log1p(x) is log(x) there, and the sum of logs does not overflow
        double log = Double.isInfinite(scaled) ? Math.log(lengths) + Math.log(tMult - 1) : Math.log1p(scaled);
        return log / Math.log1p(tMult - 1);
    }

    private long estimate(double offset) {
        double cycles = tMult == 1 ? offset / firstLength : grownCycles(offset / firstLength);
        if (cycles >= MAX_CYCLES) {
            throw new IllegalArgumentException("position %s lies past cycle 2^53 of cycles %s long"
                    .formatted(Numbers.format(firstStart + offset), Numbers.format(firstLength)));
        }
        return cycles > 0 ? (long) Math.floor(cycles) : 0;
    }
}
