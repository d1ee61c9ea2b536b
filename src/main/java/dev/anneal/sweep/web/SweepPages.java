package dev.anneal.sweep.web;

import dev.anneal.access.Actor;
import dev.anneal.run.Runs;
import dev.anneal.sweep.SweepFilter;
import dev.anneal.sweep.SweepStatus;
import dev.anneal.sweep.Sweeps;
import dev.anneal.web.PageController;
import java.security.Principal;
import java.util.Arrays;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** The browser's pages for sweeps: the list, a sweep's page (drawn by its script from the API), and the form. */
@Controller
class SweepPages implements PageController {

    private static final int PAGE_SIZE = 25;

    private final Sweeps sweeps;
    private final Runs runs;

    SweepPages(Sweeps sweeps, Runs runs) {
        this.sweeps = sweeps;
        this.runs = runs;
    }

    @GetMapping("/sweeps")
    String list(
            @RequestParam(required = false) SweepStatus status,
            @RequestParam(defaultValue = "0") int page,
            Model model) {
        int shown = Math.max(0, page);
        var found = sweeps.list(new SweepFilter(status, null, null), shown, PAGE_SIZE);
        model.addAttribute("sweeps", found.sweeps());
        model.addAttribute("total", found.total());
        model.addAttribute("page", shown);
        model.addAttribute("hasNext", (long) (shown + 1) * PAGE_SIZE < found.total());
        model.addAttribute("status", status);
        model.addAttribute("statuses", Arrays.asList(SweepStatus.values()));
        return "sweeps";
    }

    /** The sweep form; {@code from} starts it from a run's config or a range test's findings ("Sweep around this"). */
    @GetMapping("/sweeps/new")
    String form(@RequestParam(required = false) UUID from, Model model) {
        if (from != null) {
            runs.get(from); // 404 for an unknown run
        }
        model.addAttribute("from", from);
        return "sweep-form";
    }

    @GetMapping("/sweeps/{id}")
    String sweep(@PathVariable UUID id, Model model, Principal principal) {
        var sweep = sweeps.get(id);
        model.addAttribute("sweep", sweep);
        model.addAttribute("mayChange", principal != null && Actor.of(principal).mayChangeWhatBelongsTo(sweep.owner()));
        return "sweep";
    }
}
