package dev.anneal.metrics;

import dev.anneal.web.InvalidFieldException;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The two-byte id each metric name is stored under (table {@code metric_key}). Anneal's own keys have ids 1–9; a
 * name a script logs for the first time gets the next id when its first point is written, and records who gave it:
 * ids are few (about 32 600 names) and shared, so each user may give at most
 * {@code anneal.metrics.max-new-names-per-user}. Reading never creates an id: a name nobody logged has no points. Ids
 * never change, so each is asked of the database once per process.
 */
@Component
class MetricKeyIds {

    /** PostgreSQL's "sequence generator limit exceeded": the identity ran out of two-byte ids. */
    private static final String OUT_OF_IDS = "2200H";

    private final JdbcTemplate jdbc;
    private final int maxNewNamesPerUser;
    private final Map<MetricKey, Short> ids = new ConcurrentHashMap<>();
    private final Map<Short, MetricKey> keys = new ConcurrentHashMap<>();

    MetricKeyIds(JdbcTemplate jdbc, @Value("${anneal.metrics.max-new-names-per-user:2000}") int maxNewNamesPerUser) {
        this.jdbc = jdbc;
        this.maxNewNamesPerUser = maxNewNamesPerUser;
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

    /**
     * Gives an id to each of {@code keys} that has none, as names {@code user} gave; refuses them all, naming field
     * {@code metrics}, when that would take {@code user} past their share of names or there are no ids left.
     */
    void registerAll(Collection<MetricKey> keys, String user) {
        var fresh = keys.stream().filter(key -> find(key).isEmpty()).toList();
        if (fresh.isEmpty()) {
            return;
        }
        Integer given = jdbc.queryForObject("select count(*) from metric_key where named_by = ?", Integer.class, user);
        if (given + fresh.size() > maxNewNamesPerUser) {
            throw new InvalidFieldException(
                    "metrics",
                    ("metrics: %s would be new metric names, but %s gave %d of the %d a user may: log under names in"
                                    + " use (names are shared by every run), or ask an admin to raise"
                                    + " anneal.metrics.max-new-names-per-user")
                            .formatted(shown(fresh), user, given, maxNewNamesPerUser));
        }
        try {
            for (var key : fresh) {
                jdbc.update(
                        "insert into metric_key (name, named_by) values (?, ?) on conflict (name) do nothing",
                        key.name(),
                        user);
            }
        } catch (DataAccessException e) {
            if (e.getCause() instanceof SQLException sql && OUT_OF_IDS.equals(sql.getSQLState())) {
                throw new InvalidFieldException(
                        "metrics",
                        "metrics: %s would be new metric names, but this Anneal holds the most it can: log under names in use"
                                .formatted(shown(fresh)));
            }
            throw e;
        }
    }

    /** The first few of {@code keys}, for a message. */
    private static String shown(List<MetricKey> keys) {
        String first =
                keys.stream().limit(3).map(key -> "\"" + key.name() + "\"").collect(Collectors.joining(", "));
        return keys.size() > 3 ? first + " and %d more".formatted(keys.size() - 3) : first;
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
