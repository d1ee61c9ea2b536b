package dev.anneal.run.web;

import dev.anneal.run.RunStatus;
import java.util.Arrays;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What the pages' code knows of run statuses, told by the server (which owns the status machine) in each page's
 * {@code data-*} attributes rather than copied into JavaScript: which statuses are terminal, resumable and live.
 *
 * @param terminal the statuses in which nothing more happens, comma-separated
 * @param resumable the statuses a user may resume from
 * @param live the statuses in which a run may still change by itself
 */
record StatusFacts(String terminal, String resumable, String live) {

    /** The facts of {@link RunStatus}. */
    static final StatusFacts OF_RUNS =
            new StatusFacts(names(RunStatus::isTerminal), names(RunStatus::isResumable), names(s -> !s.isTerminal()));

    private static String names(Predicate<RunStatus> which) {
        return Arrays.stream(RunStatus.values()).filter(which).map(Enum::name).collect(Collectors.joining(","));
    }
}
