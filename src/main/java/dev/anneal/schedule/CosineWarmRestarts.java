package dev.anneal.schedule;

import java.util.ArrayList;
import java.util.List;

/**
 * The closed form of a schedule: linear warmup, then cosine cycles from each cycle's peak down to {@code eta_min},
 * restarting with lengths that grow by {@code t_mult}, holding {@code eta_min} after {@code cycle_limit} cycles.
 *
 * <p>Instances are immutable. A plateau restart yields a new instance whose cycles continue from the restart
 * ({@link #restartedAt(double)}); without one, the rate at any position is a pure function of the configuration.
 */
public final class CosineWarmRestarts implements RateCurve {

    private final ScheduleConfig config;
    private final CycleGeometry geometry;

    /** The cycle found last: consecutive positions (a training loop, a preview) mostly fall in the same cycle. */
    private volatile Located recent;

    /**
     * A located cycle and the start of the next one, exactly as {@link CycleGeometry#locate} decides membership, so
     * a hit here gives the same cycle a search would.
     */
    private record Located(Cycle cycle, double nextStart) {

        boolean contains(double t) {
            return t >= cycle.start() && t < nextStart;
        }
    }

    private CosineWarmRestarts(ScheduleConfig config, CycleGeometry geometry) {
        this.config = config;
        this.geometry = geometry;
    }

    /** The schedule of {@code config}, with its cycles as the configuration alone defines them. */
    public static CosineWarmRestarts of(ScheduleConfig config) {
        return new CosineWarmRestarts(config, new CycleGeometry(0, config.warmup(), config.tMax(), config.tMult()));
    }

    /** The schedule whose cycle {@code index} starts at {@code start} and lasts {@code length}; later cycles follow. */
    static CosineWarmRestarts anchoredAt(ScheduleConfig config, long index, double start, double length) {
        return new CosineWarmRestarts(config, new CycleGeometry(index, start, length, config.tMult()));
    }

    /** The configuration this schedule follows. */
    public ScheduleConfig config() {
        return config;
    }

    /** The learning rate at position {@code t >= 0}. */
    @Override
    public double rate(double t) {
        return positionAt(t).lr();
    }

    /** Where {@code t} falls (warmup, a cycle, or the hold after the last cycle) and the rate there. */
    public SchedulePosition positionAt(double t) {
        if (!(t >= 0) || t == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("position must be a finite number >= 0 but was " + t);
        }
        if (t < geometry.firstStart()) {
            return beforeAnchor(t);
        }
        Cycle cycle = cycleContaining(t);
        if (isPastLimit(cycle.index())) {
            Cycle last = cycle(Math.max(config.cycleLimit() - 1L, geometry.firstIndex()));
            return new SchedulePosition(t, SchedulePosition.Phase.HOLD, last, 1.0, config.etaMin());
        }
        double offset = t - cycle.start();
        double fraction = Math.min(1.0, offset / cycle.length());
        return new SchedulePosition(t, SchedulePosition.Phase.CYCLE, cycle, fraction, cosine(cycle, offset));
    }

    /**
     * The first {@code limit} cycles that overlap {@code [from, to]}, in order; empty while both lie in warmup or in
     * the hold.
     */
    @Override
    public List<Cycle> cyclesBetween(double from, double to, int limit) {
        var cycles = new ArrayList<Cycle>();
        double first = Math.max(from, geometry.firstStart());
        if (first > to) {
            return cycles;
        }
        for (long index = geometry.locate(first);
                cycles.size() < limit && geometry.start(index) <= to && !isPastLimit(index);
                index++) {
            cycles.add(cycle(index));
        }
        return cycles;
    }

    /** The cycle with number {@code index}, at or after this schedule's anchor. */
    public Cycle cycle(long index) {
        return new Cycle(index, geometry.start(index), geometry.length(index), peak(index));
    }

    /**
     * This schedule with its next cycle started early at {@code t}: the cycle after the one {@code t} falls in
     * begins at {@code t}, with the length the {@code t_mult} progression gives it.
     */
    public CosineWarmRestarts restartedAt(double t) {
        Cycle interrupted = positionAt(t).cycle();
        return anchoredAt(config, interrupted.index() + 1, t, interrupted.length() * config.tMult());
    }

    /** The cycle later cycles are computed from: the first cycle, or the one the last plateau restart began. */
    Cycle anchor() {
        return cycle(geometry.firstIndex());
    }

    private Cycle cycleContaining(double t) {
        Located hit = recent;
        if (hit != null && hit.contains(t)) {
            return hit.cycle();
        }
        long index = geometry.locate(t);
        Located found = new Located(cycle(index), geometry.start(index + 1));
        recent = found;
        return found.cycle();
    }

    /** Warmup comes before the first cycle; positions before a later anchor belong to an earlier history. */
    private SchedulePosition beforeAnchor(double t) {
        if (geometry.firstIndex() != 0) {
            throw new IllegalArgumentException("position %s lies before the restart at %s"
                    .formatted(Numbers.format(t), Numbers.format(geometry.firstStart())));
        }
        double rising = config.warmupStartLr() + (config.baseLr() - config.warmupStartLr()) * t / config.warmup();
        double lr = Math.min(config.baseLr(), rising); // rounding must not lift warmup past base_lr
        return new SchedulePosition(t, SchedulePosition.Phase.WARMUP, cycle(0), 0.0, lr);
    }

    private boolean isPastLimit(long index) {
        return config.cycleLimit() > 0 && index >= config.cycleLimit();
    }

    private double peak(long index) {
        return Math.max(config.etaMin(), config.baseLr() * Math.pow(config.cycleDecay(), index));
    }

    private double cosine(Cycle cycle, double offset) {
        if (offset == 0) {
            return cycle.peak(); // exactly the peak at every restart, whatever rounding the formula would add
        }
        double etaMin = config.etaMin();
        double lr = etaMin + (cycle.peak() - etaMin) * (1 + Math.cos(Math.PI * offset / cycle.length())) / 2;
        return Math.min(cycle.peak(), lr); // just after a restart, rounding must not lift the rate past the peak
    }

    @Override
    public List<SchedulePreview.Warning> configWarnings() {
        return RunWarnings.ofConfig(config);
    }

    @Override
    public List<SchedulePreview.Warning> runWarnings(double runEnd, double lastPosition) {
        return RunWarnings.of(this, runEnd, lastPosition);
    }
}
