package dev.anneal.library.web;

import dev.anneal.access.Actor;
import dev.anneal.library.Datasets;
import dev.anneal.library.Models;
import dev.anneal.run.Runs;
import dev.anneal.web.PageController;
import java.security.Principal;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The browser's pages for what a team uploaded: the models and the datasets, and a page for each, with the runs that
 * used it.
 */
@Controller
class LibraryPages implements PageController {

    /** The most runs a model's or dataset's page lists: the newest. */
    static final int RUNS_LISTED = 50;

    private final Models models;
    private final Datasets datasets;
    private final Runs runs;

    LibraryPages(Models models, Datasets datasets, Runs runs) {
        this.models = models;
        this.datasets = datasets;
        this.runs = runs;
    }

    @GetMapping("/models")
    String models(Model model) {
        model.addAttribute("models", models.all());
        return "models";
    }

    /** A model's page: its contract, its file, the runs that trained it. */
    @GetMapping("/models/{id}")
    String model(@PathVariable UUID id, Model model, Principal principal) {
        var uploaded = models.get(id);
        model.addAttribute("uploaded", uploaded);
        model.addAttribute("uses", runs.using(id, RUNS_LISTED));
        model.addAttribute("mayDelete", Actor.of(principal).mayChangeWhatBelongsTo(uploaded.owner()));
        return "model";
    }

    @GetMapping("/datasets")
    String datasets(Model model) {
        model.addAttribute("datasets", datasets.all());
        return "datasets";
    }

    /** A dataset's page: its size, its classes with their counts, a few examples, the runs that trained on it. */
    @GetMapping("/datasets/{id}")
    String dataset(@PathVariable UUID id, Model model, Principal principal) {
        var dataset = datasets.get(id);
        model.addAttribute("dataset", dataset);
        model.addAttribute("preview", datasets.preview(id).orElse(null));
        model.addAttribute("uses", runs.using(id, RUNS_LISTED));
        model.addAttribute("mayDelete", Actor.of(principal).mayChangeWhatBelongsTo(dataset.owner()));
        var classes = dataset.description().classes();
        model.addAttribute(
                "largestClass",
                classes == null
                        ? 0
                        : classes.stream().mapToLong(c -> c.count()).max().orElse(0));
        return "dataset";
    }
}
