package dev.anneal.run.web;

import dev.anneal.run.RunFilter;
import dev.anneal.run.RunKind;
import dev.anneal.run.RunStatus;
import dev.anneal.web.FieldErrors;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;

/**
 * Which runs to list and in what order, as both the API ({@code GET /api/runs}) and the runs table take it from the
 * query string. Every parameter is optional; blank ones count as absent, since an empty filter field of a form
 * sends them.
 *
 * @param status a status, in any case
 * @param experiment an experiment's name
 * @param tag a tag
 * @param owner the username of whoever launched the runs
 * @param q part of a name, in any case
 * @param kind {@code training} or {@code lr_range_test}
 * @param sort a sortable key, optionally followed by {@code ,asc} or {@code ,desc}; {@code created_at,desc} when absent
 * @param page the page, from 0
 */
record RunListing(
        String status, String experiment, String tag, String owner, String q, String kind, String sort, Integer page) {

    /** The most runs one page holds. */
    static final int MAX_PAGE_SIZE = 200;

    static final String DEFAULT_SORT = "created_at,desc";

    /** Sortable keys as the API names them, and the properties behind them. */
    static final Map<String, String> SORTABLE = Map.ofEntries(
            Map.entry("created_at", "createdAt"),
            Map.entry("name", "name"),
            Map.entry("experiment", "experiment.name"),
            Map.entry("status", "status"),
            Map.entry("progress", "progressStep"),
            Map.entry("started_at", "startedAt"),
            Map.entry("finished_at", "finishedAt"),
            Map.entry("base_lr", "baseLr"),
            Map.entry("eta_min", "etaMin"),
            Map.entry("t_max", "tMax"),
            Map.entry("t_mult", "tMult"),
            Map.entry("best_val_loss", "bestValLoss"),
            Map.entry("best_val_acc", "bestValAcc"),
            Map.entry("test_acc", "testAcc"));

    RunListing {
        status = blankToNull(status);
        experiment = blankToNull(experiment);
        tag = blankToNull(tag);
        owner = blankToNull(owner);
        q = blankToNull(q);
        kind = blankToNull(kind);
        sort = sort == null || sort.isBlank() ? DEFAULT_SORT : sort.strip();
        page = page == null ? 0 : page;
    }

    /** The filter; a status nobody knows is rejected into {@code errors}. */
    RunFilter filter(FieldErrors errors) {
        var parsedKind = errors.choice("kind", kind, null, RunKind.class, RunKind::apiName);
        return new RunFilter(parseStatus(errors), experiment, tag, owner, q, parsedKind.orElse(null));
    }

    /**
     * The page of {@code size} runs to read: in the sort key's order, runs without the value (no result yet) last
     * either way, then newest id first so pages never overlap. An unknown key or an impossible page is rejected into
     * {@code errors}, and the answer is then not to be used.
     */
    Pageable pageable(int size, FieldErrors errors) {
        errors.integer("size", size, 20, 1, MAX_PAGE_SIZE);
        // past this, the page's offset (page × size) no longer fits the int the database query takes
        errors.integer("page", page, 0, 0, Integer.MAX_VALUE / MAX_PAGE_SIZE);
        // out-of-range values are already rejected; clamped only so the request can be built to report them
        return PageRequest.of(Math.max(0, page), Math.max(1, size), order(errors));
    }

    private Sort order(FieldErrors errors) {
        String[] parts = sort.split(",", -1);
        String property = SORTABLE.get(parts[0]);
        boolean known = property != null
                && (parts.length == 1 || (parts.length == 2 && (parts[1].equals("asc") || parts[1].equals("desc"))));
        if (!known) {
            errors.reject(
                    "sort",
                    sort,
                    "sort must be one of %s, optionally followed by ,asc or ,desc, but was %s"
                            .formatted(String.join(", ", new TreeSet<>(SORTABLE.keySet())), sort));
            return Sort.unsorted();
        }
        var direction = parts.length == 2 && parts[1].equals("asc") ? Sort.Direction.ASC : Sort.Direction.DESC;
        return Sort.by(new Sort.Order(direction, property).nullsLast()).and(Sort.by(Sort.Direction.DESC, "id"));
    }

    private RunStatus parseStatus(FieldErrors errors) {
        if (status == null) {
            return null;
        }
        try {
            return RunStatus.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.reject(
                    "status",
                    status,
                    "status must be one of %s but was %s".formatted(Arrays.toString(RunStatus.values()), status));
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
