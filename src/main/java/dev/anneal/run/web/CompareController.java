package dev.anneal.run.web;

import dev.anneal.run.RunDocuments;
import dev.anneal.run.Runs;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.validation.BindException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Compares runs: their summaries side by side and the config fields that differ. */
@RestController
class CompareController {

    private final Runs runs;
    private final RunDocuments documents;

    CompareController(Runs runs, RunDocuments documents) {
        this.runs = runs;
        this.documents = documents;
    }

    /**
     * The comparison.
     *
     * @param runs the runs, in the order asked for
     * @param differences the config fields whose values differ between them
     */
    record Comparison(List<RunView> runs, List<ConfigDiff.Difference> differences) {}

    @GetMapping("/api/compare")
    @Operation(summary = "Compare runs", description = "ids: 2 to 100 run ids, comma-separated.")
    Comparison compare(@RequestParam String ids) throws BindException {
        var parsed = ComparedRuns.parse(ids).ids();
        var views =
                parsed.stream().map(id -> RunView.of(runs.get(id), documents)).toList();
        List<JsonNode> configs = views.stream().map(RunView::config).toList();
        return new Comparison(views, ConfigDiff.of(configs));
    }
}
