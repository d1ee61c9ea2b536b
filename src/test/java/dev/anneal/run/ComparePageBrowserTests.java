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

/** Two trained runs selected in the runs table and compared, cycle-aligned, in a real Chromium. */
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

        open("/?experiment=" + experiment);
        browser.driver()
                .findElements(By.cssSelector("table.runs tbody input[type=checkbox]"))
                .forEach(WebElement::click);
        browser.driver().findElement(By.cssSelector("button.compare")).click();
        browser.waiting(10).until(ExpectedConditions.urlContains("/compare"));
        browser.waiting(10)
                .until(driver ->
                        ((Number) script("return Chart.getChart('lr-chart').data.datasets.length")).intValue() == 2);
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
        var ranges = (List<List<Number>>) script("return Chart.getChart('lr-chart').data.datasets.map(d =>"
                + " [d.label === 'constant cycles' ? 0 : 1, Math.min(...d.data.map(p => p.x)),"
                + " Math.max(...d.data.map(p => p.x))])");
        for (var range : ranges) {
            double cycles = range.get(0).intValue() == 0 ? 4 : 2;
            assertThat(range.get(1).doubleValue()).isZero();
            assertThat(range.get(2).doubleValue())
                    .as("the last step sits at the end of the last cycle")
                    .isBetween(cycles - 0.1, cycles);
        }
        assertThat(browser.driver().findElements(By.cssSelector("[data-role=diff] tr.differs")).stream()
                        .map(WebElement::getText))
                .as("the settings that differ, highlighted, a column per run (newest first, as selected)")
                .contains("schedule.t_mult 2 1", "name doubling cycles constant cycles");
        assertThat(browser.driver()
                        .findElement(By.cssSelector("[data-role=summaries]"))
                        .getText())
                .contains("test_acc");
        assertThat(browser.driver()
                        .findElement(By.cssSelector("[data-role=legend]"))
                        .getText())
                .contains("constant cycles")
                .contains("doubling cycles");
        browser.assertNoConsoleErrors();
        browser.screenshot("compare-page");
    }

    @Test
    void shouldRefuseAComparisonOfOneRunNamingTheField() throws Exception {
        open("/compare?ids=" + UUID.randomUUID());

        assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("400");
        assertThat(browser.driver().findElement(By.cssSelector(".message")).getText())
                .isEqualTo("ids must name 2 to 20 runs but named 1");
    }
}
