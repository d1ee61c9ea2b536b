package dev.anneal.run.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.anneal.run.DatasetFingerprint;
import dev.anneal.run.Run;
import dev.anneal.run.RunDocuments;
import dev.anneal.run.RunKind;
import dev.anneal.run.RunSource;
import dev.anneal.run.RunStatus;
import dev.anneal.run.RunSummary;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A run as the API shows it. A run read alone carries its {@code params} (a script's, empty for a run Anneal trains);
 * a page of runs leaves them out. Its {@code schedule} is the launch body's, with its {@code source}: {@code launched},
 * or for an external run {@code declared}, {@code inferred} or {@code none}.
 */
record RunView(
        UUID id,
        RunKind kind,
        String name,
        String experiment,
        List<String> tags,
        Map<String, String> tagValues,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> params,
        @JsonInclude(JsonInclude.Include.NON_NULL) RunSource source,
        String notes,
        RunStatus status,
        JsonNode config,
        @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode schedule,
        Progress progress,
        RunSummary summary,
        DatasetFingerprint datasetFingerprint,
        String codeVersion,
        String device,
        String worker,
        String owner,
        UUID sweepId,
        String error,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {

    /**
     * How far a run got.
     *
     * @param step optimizer steps completed
     * @param totalSteps optimizer steps in all, once a worker computed it
     * @param epoch epochs completed, fractional
     */
    record Progress(long step, Long totalSteps, double epoch) {}

    static RunView of(Run run, RunDocuments documents) {
        return of(run, documents, null);
    }

    /** {@code run} with the {@code params} its script logged, as a run read alone shows them. */
    static RunView of(Run run, RunDocuments documents, Map<String, String> params) {
        var source = documents.source(run);
        return new RunView(
                run.id(),
                run.kind(),
                run.name(),
                run.experiment().name(),
                List.copyOf(run.tags()),
                run.tagValues(),
                params == null ? null : new TreeMap<>(params),
                source.isSaid() ? source : null,
                run.notes(),
                run.status(),
                documents.configDocument(run),
                documents.scheduleDocument(run),
                new Progress(run.progressStep(), run.totalSteps(), run.progressEpoch()),
                documents.summary(run),
                documents.fingerprint(run).orElse(null),
                run.codeVersion(),
                run.device(),
                run.worker(),
                run.owner(),
                run.sweepId().orElse(null),
                run.error(),
                run.createdAt(),
                run.startedAt(),
                run.finishedAt());
    }

    /**
     * One page of runs.
     *
     * @param items the runs on this page
     * @param page the page number, from 0
     * @param size the page size
     * @param total how many runs match in all
     */
    record Page(List<RunView> items, int page, int size, long total) {}
}
