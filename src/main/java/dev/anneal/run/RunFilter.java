package dev.anneal.run;

import jakarta.persistence.criteria.JoinType;
import java.util.ArrayList;
import java.util.Locale;
import org.springframework.data.jpa.domain.Specification;

/**
 * Which runs a list shows ({@code GET /api/runs}, the runs table); every part is optional.
 *
 * @param status only runs in this status
 * @param experiment only runs of the experiment with this name
 * @param tag only runs with this tag
 * @param owner only runs launched by this user
 * @param q only runs whose name contains this text, ignoring case
 * @param kind only runs of this kind
 */
public record RunFilter(RunStatus status, String experiment, String tag, String owner, String q, RunKind kind) {

    /** A filter of any kind of run. */
    public RunFilter(RunStatus status, String experiment, String tag, String owner, String q) {
        this(status, experiment, tag, owner, q, null);
    }

    Specification<Run> toSpecification() {
        return (root, query, cb) -> {
            var predicates = new ArrayList<jakarta.persistence.criteria.Predicate>();
            predicates.add(cb.isNull(root.get("deletedAt"))); // a run deleted through MLflow's API is out of listings
            if (status != null) {
                predicates.add(cb.equal(root.get("status"), status));
            }
            if (experiment != null) {
                predicates.add(cb.equal(root.join("experiment").get("name"), experiment));
            }
            if (tag != null) {
                query.distinct(true);
                // a label or a script's tag of that name, whatever its value
                predicates.add(cb.equal(root.joinMap("tags", JoinType.INNER).key(), tag));
            }
            if (owner != null) {
                predicates.add(cb.equal(root.get("owner"), owner));
            }
            if (kind != null) {
                predicates.add(cb.equal(root.get("kind"), kind.apiName()));
            }
            if (q != null && !q.isBlank()) {
                String pattern = "%"
                        + q.toLowerCase(Locale.ROOT)
                                .replace("\\", "\\\\")
                                .replace("%", "\\%")
                                .replace("_", "\\_") + "%";
                predicates.add(cb.like(cb.lower(root.get("name")), pattern, '\\'));
            }
            return cb.and(predicates.toArray(jakarta.persistence.criteria.Predicate[]::new));
        };
    }
}
