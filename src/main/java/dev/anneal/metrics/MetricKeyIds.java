package dev.anneal.metrics;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The two-byte id each metric name is stored under (table {@code metric_key}). Anneal's own keys have ids 1–9; a
 * name a script logs for the first time gets the next id when its first point is written. Reading never creates an
 * id: a name nobody logged has no points. Ids never change, so each is asked of the database once per process.
 */
@Component
class MetricKeyIds {

    private final JdbcTemplate jdbc;
    private final Map<MetricKey, Short> ids = new ConcurrentHashMap<>();
    private final Map<Short, MetricKey> keys = new ConcurrentHashMap<>();

    MetricKeyIds(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        for (int i = 0; i < MetricKey.BUILT_IN.size(); i++) {
            remember(MetricKey.BUILT_IN.get(i), (short) (i + 1));
        }
    }

    /** The id of {@code key}, which is given one if it has none yet: for writing its points. */
    short register(MetricKey key) {
        Short known = ids.get(key);
        if (known != null) {
            return known;
        }
        jdbc.update("insert into metric_key (name) values (?) on conflict (name) do nothing", key.name());
        return find(key).orElseThrow(() -> new IllegalStateException("metric key " + key + " was not stored"));
    }

    /** The id of {@code key}, if any point was ever logged under it. */
    Optional<Short> find(MetricKey key) {
        Short known = ids.get(key);
        if (known != null) {
            return Optional.of(known);
        }
        var found = jdbc.queryForList("select id from metric_key where name = ?", Short.class, key.name());
        found.stream().findFirst().ifPresent(id -> remember(key, id));
        return found.stream().findFirst();
    }

    /** The key stored under {@code id}. */
    MetricKey keyOf(short id) {
        MetricKey known = keys.get(id);
        if (known != null) {
            return known;
        }
        var key = new MetricKey(jdbc.queryForObject("select name from metric_key where id = ?", String.class, id));
        remember(key, id);
        return key;
    }

    private void remember(MetricKey key, short id) {
        ids.put(key, id);
        keys.put(id, key);
    }
}
