package dev.anneal.run;

import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Each user's quota of queued work: the runs they have queued or training, and the steps those have left, plus what
 * they committed to that is not a run yet ({@link PendingWork}, a sweep's trials to come), stay within
 * {@code anneal.limits.queued-runs-per-user} and {@code anneal.limits.queued-steps-per-user}. One member must not be
 * able to fill the team's queue for months with one request.
 */
@Component
public class LaunchQuota {

    private final JdbcTemplate jdbc;
    private final List<PendingWork> pending;
    private final long maxRuns;
    private final long maxSteps;

    LaunchQuota(
            JdbcTemplate jdbc,
            List<PendingWork> pending,
            @Value("${anneal.limits.queued-runs-per-user:200}") long maxRuns,
            @Value("${anneal.limits.queued-steps-per-user:100000000}") long maxSteps) {
        this.jdbc = jdbc;
        this.pending = pending;
        this.maxRuns = maxRuns;
        this.maxSteps = maxSteps;
    }

    /**
     * Admits {@code work} for {@code owner}, or throws {@link QuotaExceededException} naming the quota, what the
     * owner has and what the work adds. Joins the caller's transaction, which must then create the work: the owner's
     * admissions are serialized until it ends, so concurrent launches cannot all pass on the same count.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void admit(String owner, QueuedWork work) {
        jdbc.query("select pg_advisory_xact_lock(hashtext('anneal.quota'), hashtext(?))", rs -> {}, owner);
        var held = queued(owner);
        for (var more : pending) {
            held = held.plus(more.of(owner));
        }
        if (held.runs() + work.runs() > maxRuns || held.steps() + work.steps() > maxSteps) {
            throw new QuotaExceededException(
                    "%s has %s and %s queued or training; this adds %s and %s, past the quota of %s and %s a user (anneal.limits.queued-runs-per-user, queued-steps-per-user): wait for some to finish or cancel some"
                            .formatted(
                                    owner,
                                    count(held.runs(), "run"),
                                    count(held.steps(), "step"),
                                    count(work.runs(), "run"),
                                    count(work.steps(), "step"),
                                    count(maxRuns, "run"),
                                    count(maxSteps, "step")));
        }
    }

    /**
     * The runs {@code owner} has queued or training, and the steps they have left; a run a script logs takes no
     * worker, so it is none of them.
     */
    QueuedWork queued(String owner) {
        return jdbc.queryForObject(
                "select count(*), coalesce(sum(greatest(coalesce(total_steps, planned_steps, 0) - progress_step, 0)), 0)"
                        + " from run where owner = ? and status in ('QUEUED', 'RUNNING') and kind <> 'external'",
                (rs, row) -> new QueuedWork(rs.getLong(1), rs.getLong(2)),
                owner);
    }

    private static String count(long n, String noun) {
        return NumberFormat.getIntegerInstance(Locale.ROOT).format(n) + " " + noun + (n == 1 ? "" : "s");
    }
}
