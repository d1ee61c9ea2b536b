package dev.anneal.database;

import com.zaxxer.hikari.HikariDataSource;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Hands out connections from the web pool to web requests (and to work that {@link Readers} marks as theirs), and
 * from the background pool to everything else: training, the metric writer, the job queue, start-up. So however
 * many people read, a worker's writes never wait behind them, and a request's statements are bounded by the web
 * pool's statement timeout, which the workers' long writes must not be.
 */
final class ConnectionRouting extends AbstractRoutingDataSource implements AutoCloseable {

    private final Map<Pool, HikariDataSource> pools;

    ConnectionRouting(HikariDataSource web, HikariDataSource background) {
        this.pools = new EnumMap<>(Map.of(Pool.WEB, web, Pool.BACKGROUND, background));
        setTargetDataSources(Map.copyOf(pools));
        setDefaultTargetDataSource(background);
    }

    enum Pool {
        WEB,
        BACKGROUND;

        /** As health lists the pools: {@code db.components.web}, {@code db.components.background}. */
        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @Override
    protected Object determineCurrentLookupKey() {
        return Readers.active() || RequestContextHolder.getRequestAttributes() != null ? Pool.WEB : Pool.BACKGROUND;
    }

    /** Closes both pools, when the application stops. */
    @Override
    public void close() {
        pools.values().forEach(HikariDataSource::close);
    }
}
