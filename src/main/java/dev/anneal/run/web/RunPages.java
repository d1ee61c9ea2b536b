package dev.anneal.run.web;

import dev.anneal.access.Actor;
import dev.anneal.run.RunDocuments;
import dev.anneal.run.RunFilter;
import dev.anneal.run.RunKind;
import dev.anneal.run.RunStatus;
import dev.anneal.run.Runs;
import dev.anneal.web.FieldErrors;
import dev.anneal.web.PageController;
import java.security.Principal;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.json.JsonMapper;

/** The browser's pages for runs: the runs table, a run's page, the launch form and the comparison. */
@Controller
class RunPages implements PageController {

    private static final int PAGE_SIZE = 25;

    private final Runs runs;
    private final Clock clock;
    private final JsonMapper json;
    private final RunDocuments documents;
    private final UploadChoices uploads;

    RunPages(Runs runs, Clock clock, JsonMapper json, RunDocuments documents, UploadChoices uploads) {
        this.uploads = uploads;
        this.runs = runs;
        this.clock = clock;
        this.json = json;
        this.documents = documents;
    }

    /** The runs table: filtered, sorted by any column, a page at a time; its rows can be selected for comparison. */
    /** Every page's code learns the statuses' meanings from here (the pages' {@code data-*-statuses}). */
    @ModelAttribute("statusFacts")
    StatusFacts statusFacts() {
        return StatusFacts.OF_RUNS;
    }

    @GetMapping("/")
    String runs(RunListing listing, Model model) throws BindException {
        var errors = new FieldErrors();
        var filter = listing.filter(errors);
        var pageable = listing.pageable(PAGE_SIZE, errors);
        errors.throwIfAny();
        int page = listing.page();
        var found = runs.list(filter, pageable);
        var now = clock.instant();
        model.addAttribute("rows", found.map(run -> RunRow.of(run, now)).getContent());
        model.addAttribute("total", found.getTotalElements());
        model.addAttribute("page", page);
        model.addAttribute("first", (long) page * PAGE_SIZE + 1); // long: a page number typed in can be huge
        model.addAttribute("last", (long) page * PAGE_SIZE + found.getNumberOfElements());
        model.addAttribute("hasPrevious", found.hasPrevious());
        model.addAttribute("hasNext", found.hasNext());
        model.addAttribute("filter", filter);
        model.addAttribute("statuses", Arrays.asList(RunStatus.values()));
        model.addAttribute("kinds", Arrays.asList(RunKind.values()));
        model.addAttribute("sort", listing.sort());
        var query = new Query(filter, listing.sort());
        model.addAttribute(
                "headings",
                COLUMNS.stream().map(column -> column.heading(query)).toList());
        model.addAttribute("previousPage", query.page(page - 1));
        model.addAttribute("nextPage", query.page(page + 1));
        return "runs";
    }

    /**
     * A run's page: its header and actions drawn here; its charts, config, summary and events drawn by the browser
     * from the API (the page carries no data of its own, see SecurityHeaders), live while the run is.
     */
    @GetMapping("/runs/{id}")
    String run(@PathVariable UUID id, Model model, Principal principal) {
        var run = runs.get(id);
        model.addAttribute("run", run);
        // cancel and resume only for whoever may (the run's owner, an admin): a viewer's page has no such controls
        model.addAttribute("mayChange", principal != null && Actor.of(principal).mayChangeWhatBelongsTo(run.owner()));
        model.addAttribute("row", RunRow.of(run, clock.instant()));
        // a run of an uploaded module that succeeded hands its trained model back (GET /api/runs/{id}/model)
        model.addAttribute(
                "handsBackModel",
                run.kind() == RunKind.TRAINING
                        && run.status() == RunStatus.SUCCEEDED
                        && documents.spec(run).model().uploaded() != null);
        // what a team uploaded and the run trained, linked to its page
        if (run.kind() != RunKind.EXTERNAL) {
            var spec = documents.spec(run);
            model.addAttribute("uploadedModel", spec.model().uploaded());
            model.addAttribute("uploadedData", spec.dataset().uploaded());
        }
        // a range test has no schedule to draw: its page plots the loss against the rate instead; a script's run draws
        // whatever metrics it logged, its rate beside the schedule read from it
        return switch (run.kind()) {
            case LR_RANGE_TEST -> "range-test";
            case EXTERNAL -> "logged-run";
            case TRAINING -> "run";
        };
    }

    /**
     * The launch form, with a live preview of the schedule; {@code from} pre-fills it with a run's config ("Clone"),
     * {@code model} and {@code dataset} pick an upload (as a launch names it: {@code name:version}, a name) from a
     * model's or dataset's page. It posts to the API, so a launch from the page and one from a script are validated
     * alike.
     */
    @GetMapping("/runs/new")
    String launchForm(
            @RequestParam(required = false) UUID from,
            @RequestParam(name = "base_lr", required = false) Double baseLr,
            @RequestParam(name = "eta_min", required = false) Double etaMin,
            @RequestParam(name = "model", required = false) String uploadedModel,
            @RequestParam(name = "dataset", required = false) String uploadedDataset,
            Model model) {
        model.addAttribute("uploadedModel", uploadedModel);
        model.addAttribute("uploadedDataset", uploadedDataset);
        if (from != null) {
            runs.get(from); // 404 for an unknown run
        }
        model.addAttribute("cloneFrom", from);
        // "Use this rate" from a range test: its data, model and optimizer, and the rates it hinted at
        model.addAttribute("baseLr", baseLr);
        model.addAttribute("etaMin", etaMin);
        model.addAttribute("datasets", json.writeValueAsString(LaunchFacts.of(uploads.sizes())));
        return "launch";
    }

    /**
     * Several runs overlaid: learning rate and losses by step, epoch or position within the cycle, their config
     * differences and summaries; drawn by the browser from the API.
     */
    @GetMapping("/compare")
    String compare(@RequestParam(defaultValue = "") String ids, Model model) throws BindException {
        var parsed = ComparedRuns.parse(ids).ids();
        var compared = parsed.stream().map(runs::get).toList(); // 404 for an unknown one
        model.addAttribute("runs", compared);
        // baselines and range tests have no cycles to align: the axis is offered when some run has them
        model.addAttribute(
                "cycleAxis",
                compared.stream()
                        .map(documents::spec)
                        .anyMatch(spec -> spec.schedule() != null
                                && spec.schedule().kind().restarts()));
        model.addAttribute(
                "ids", String.join(",", parsed.stream().map(UUID::toString).toList()));
        return "compare";
    }

    /** The table's state in links: a filter and a sort, to which a link adds a page or swaps the sort. */
    private record Query(RunFilter filter, String sort) {

        String sortedBy(String newSort) {
            return href(newSort, 0);
        }

        String page(int page) {
            return href(sort, page);
        }

        private String href(String sort, int page) {
            var uri = UriComponentsBuilder.fromPath("/");
            if (filter.status() != null) {
                uri.queryParam("status", filter.status());
            }
            if (filter.experiment() != null) {
                uri.queryParam("experiment", filter.experiment());
            }
            if (filter.tag() != null) {
                uri.queryParam("tag", filter.tag());
            }
            if (filter.owner() != null) {
                uri.queryParam("owner", filter.owner());
            }
            if (filter.q() != null) {
                uri.queryParam("q", filter.q());
            }
            if (filter.kind() != null) {
                uri.queryParam("kind", filter.kind().apiName());
            }
            uri.queryParam("sort", sort);
            if (page > 0) {
                uri.queryParam("page", page);
            }
            return uri.encode().build().toUriString();
        }
    }

    /**
     * A column of the runs table.
     *
     * @param key the sort key the API knows it by, or {@code null} when it cannot be sorted
     * @param label its heading
     * @param numeric whether it holds numbers (right-aligned)
     * @param ascendingFirst whether its first click sorts ascending (names, losses) rather than descending
     */
    private record Column(String key, String label, boolean numeric, boolean ascendingFirst) {

        Heading heading(Query query) {
            if (key == null) {
                return new Heading(label, null, "none", numeric);
            }
            String[] current = query.sort().split(",");
            boolean active = current[0].equals(key);
            boolean ascending = active && current.length > 1 && current[1].equals("asc");
            String next = active ? (ascending ? "desc" : "asc") : (ascendingFirst ? "asc" : "desc");
            String ariaSort = !active ? "none" : ascending ? "ascending" : "descending";
            return new Heading(label, query.sortedBy(key + "," + next), ariaSort, numeric);
        }
    }

    /**
     * A column heading as the page draws it.
     *
     * @param label its text
     * @param href the link that sorts by it (the other way when it is the sort already), or {@code null}
     * @param ariaSort {@code ascending}, {@code descending} or {@code none}
     * @param numeric whether the column holds numbers
     */
    record Heading(String label, String href, String ariaSort, boolean numeric) {}

    private static final List<Column> COLUMNS = List.of(
            new Column("name", "Name", false, true),
            new Column("experiment", "Experiment", false, true),
            new Column(null, "Tags", false, false),
            new Column("status", "Status", false, true),
            new Column("progress", "Progress", true, false),
            new Column("base_lr", "base_lr", true, false),
            new Column("eta_min", "eta_min", true, false),
            new Column("t_max", "t_max", true, false),
            new Column("t_mult", "t_mult", true, false),
            new Column("best_val_loss", "Best val loss", true, true),
            new Column("test_acc", "Test acc", true, false),
            new Column("created_at", "Age", true, false));
}
