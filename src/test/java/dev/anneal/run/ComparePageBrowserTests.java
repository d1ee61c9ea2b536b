package dev.anneal.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anneal.BrowserTestSupport;
import dev.anneal.LocalApi;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * Two trained runs and a script's run selected in the runs table and compared, cycle-aligned, in a real Chromium: the
 * script's cycles come from the schedule Anneal read from its logged rate.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ComparePageBrowserTests extends BrowserTestSupport {

    private String train(LocalApi api, String experiment, String name, int tMult, int epochs) throws Exception {
        String id = api.launch("""
                {"name": "%s", "experiment": "%s", "dataset": {"name": "synthetic-spirals", "limit": 1000},
                 "model": {"name": "mlp", "hidden": [16]},
                 "schedule": {"base_lr": 0.1, "eta_min": 0.001, "t_max": 1, "t_mult": %d, "unit": "epoch"},
                 "training": {"epochs": %d, "batch_size": 30, "device": "cpu"}}""".formatted(name, experiment, tMult, epochs));
        assertThat(api.awaitEnd(id)).isEqualTo("SUCCEEDED");
        return id;
    }

    @Test
    void shouldCompareTwoRunsSelectedInTheTableCycleAligned() throws Exception {
        var api = api();
        String experiment = "compare-" + UUID.randomUUID().toString().substring(0, 8);
        train(api, experiment, "constant cycles", 1, 4); // cycles 0-3, one epoch each
        train(api, experiment, "doubling cycles", 2, 3); // cycle 0 one epoch, cycle 1 two
        logFromAScript(api, experiment, "script cycles"); // cycles of 10, 20 and 40 steps, the last nearly done

        open("/?experiment=" + experiment);
        browser.driver()
                .findElements(By.cssSelector("table.runs tbody input[type=checkbox]"))
                .forEach(WebElement::click);
        browser.driver().findElement(By.cssSelector("button.compare")).click();
        browser.waiting(10).until(ExpectedConditions.urlContains("/compare"));
        browser.waiting(10)
                .until(driver ->
                        ((Number) script("return Chart.getChart('lr-chart').data.datasets.length")).intValue() == 3);
        assertThat(pointsOffTheirAxes())
                .as("every point of both runs on the step axis")
                .isEmpty();
        new Select(browser.driver().findElement(By.cssSelector("[data-control=axis]"))).selectByValue("cycle");
        browser.waiting(10)
                .until(driver -> "cycle"
                        .equals(driver.findElement(By.cssSelector(".compare-page"))
                                .getDomAttribute("data-drawn-axis")));

        assertThat(pointsOffTheirAxes()).as("and on the cycle-aligned axis").isEmpty();
        @SuppressWarnings("unchecked")
        var ranges = (List<List<Number>>) script("return ['lr-chart', 'train-chart'].flatMap(chart =>"
                + " Chart.getChart(chart).data.datasets.filter(d => d.data.length > 0).map(d =>"
                + " [['constant cycles', 'doubling cycles', 'script cycles'].indexOf(d.label),"
                + " Math.min(...d.data.map(p => p.x)), Math.max(...d.data.map(p => p.x))]))");
        assertThat(ranges.stream().map(range -> range.get(0).intValue()))
                .as("each run's rate and training loss, the script's logged as lr-SGD and loss")
                .containsExactlyInAnyOrder(0, 0, 1, 1, 2, 2);
        for (var range : ranges) {
            double cycles = List.of(4.0, 2.0, 3.0).get(range.get(0).intValue());
            assertThat(range.get(1).doubleValue()).isZero();
            assertThat(range.get(2).doubleValue())
                    .as("the last step sits at the end of the last cycle")
                    .isBetween(cycles - 0.1, cycles);
        }
        assertThat(browser.driver().findElements(By.cssSelector("[data-role=diff] tr.differs")).stream()
                        .map(WebElement::getText))
                .as("the settings that differ, highlighted, a column per run (newest first, as selected)")
                .contains(
                        "schedule.t_mult 2 2 1",
                        "schedule.unit step epoch epoch",
                        "schedule.source inferred — —",
                        "name script cycles doubling cycles constant cycles");
        assertThat(browser.driver()
                        .findElement(By.cssSelector("[data-role=summaries]"))
                        .getText())
                .contains("test_acc");
        assertThat(browser.driver()
                        .findElement(By.cssSelector("[data-role=legend]"))
                        .getText())
                .contains("constant cycles")
                .contains("doubling cycles")
                .contains("script cycles", "(rate lr-SGD, training loss loss)");
        browser.assertNoConsoleErrors();
        browser.screenshot("compare-page");
    }

    /**
     * A script's run logging PyTorch's CosineAnnealingWarmRestarts(T_0=10, T_mult=2) rate as {@code lr-SGD} and its
     * loss as {@code loss}, steps 0 to 69: cycles 0 and 1 whole, cycle 2 up to its last step.
     */
    private static void logFromAScript(LocalApi api, String experiment, String name) throws Exception {
        String id = api.create("/api/runs", """
                {"kind": "external", "name": "%s", "experiment": "%s"}""".formatted(name, experiment));
        var steps = new StringBuilder();
        var rates = new StringBuilder();
        var losses = new StringBuilder();
        for (int step = 0; step < 70; step++) {
            int start = step < 10 ? 0 : step < 30 ? 10 : 30;
            int length = step < 10 ? 10 : step < 30 ? 20 : 40;
            double rate = 0.001 + (0.1 - 0.001) * (1 + Math.cos(Math.PI * (step - start) / length)) / 2;
            String comma = step == 0 ? "" : ",";
            steps.append(comma).append(step);
            rates.append(comma).append(rate);
            losses.append(comma).append(2.0 / (1 + step));
        }
        api.post("/api/runs/" + id + "/log", """
                {"metrics": [{"key": "lr-SGD", "steps": [%s], "values": [%s]},
                             {"key": "loss", "steps": [%s], "values": [%s]}]}""".formatted(steps, rates, steps, losses));
        api.post("/api/runs/" + id + "/finish", "{}");
    }

    @Test
    void shouldRefuseAComparisonOfOneRunNamingTheField() throws Exception {
        open("/compare?ids=" + UUID.randomUUID());

        assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("400");
        assertThat(browser.driver().findElement(By.cssSelector(".message")).getText())
                .isEqualTo("ids must name 2 to 100 runs but named 1");
    }
}
