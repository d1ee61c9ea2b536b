package dev.anneal.finder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anneal.BrowserTestSupport;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * A range test's page in a real browser: the loss against the rate on a log axis with every suggestion and the stop
 * marked, every point on the axes, the findings in words, and "Use this rate" opening the launch form with the
 * hinted rates and the test's data, model and optimizer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class RangeTestPageBrowserTests extends BrowserTestSupport {

    @Test
    void shouldDrawTheCurveWithItsSuggestionsAndOfferTheRateToALaunch() throws Exception {
        String id = api().launch("""
                {"kind": "lr_range_test", "name": "spirals range test",
                 "dataset": {"name": "synthetic-spirals", "limit": 1000, "val_fraction": 0.2},
                 "model": {"name": "mlp", "hidden": [32]},
                 "optimizer": {"name": "sgd", "momentum": 0.9},
                 "training": {"batch_size": 25, "seed": 3, "device": "cpu"},
                 "range_test": {"start_lr": 1e-4, "end_lr": 100, "num_steps": 60, "smoothing": 0.9}}""");
        assertThat(api().awaitEnd(id)).isEqualTo("SUCCEEDED");

        open("/");
        assertThat(browser.driver()
                        .findElement(By.cssSelector("tr[data-run-id='" + id + "'] td.name"))
                        .getText())
                .isEqualTo("spirals range test range test"); // its name, and what it is

        open("/runs/" + id);
        browser.waiting(20)
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-action=use-rate]")));
        browser.waiting(10)
                .until(driver ->
                        ((Number) script("return Chart.getChart('range-chart').data.datasets.length")).intValue() == 2);

        assertThat(script("return Chart.getChart('range-chart').options.scales.x.type"))
                .isEqualTo("logarithmic");
        @SuppressWarnings("unchecked")
        var lines = (java.util.List<String>)
                script("return Object.keys(Chart.getChart('range-chart').options.plugins.annotation.annotations)");
        assertThat(lines).contains("suggested", "stop", "method-valley");
        assertThat(pointsOffTheirAxes()).isEmpty();
        var findings = browser.driver()
                .findElement(By.cssSelector("[data-role=findings]"))
                .getText();
        assertThat(findings).contains("suggested rate").containsPattern("stopped (diverged at|at end_lr)");
        // no raw floats: every rate to three significant digits
        var numbers = java.util.regex.Pattern.compile("\\d+\\.\\d+").matcher(findings);
        while (numbers.find()) {
            String digits = numbers.group().replace(".", "").replaceFirst("^0+", "");
            assertThat(digits).as(numbers.group()).hasSizeLessThanOrEqualTo(3);
        }
        browser.screenshot("range-test-page");
        browser.assertNoConsoleErrors();

        browser.driver().findElement(By.cssSelector("[data-action=use-rate]")).click();
        browser.waiting(10).until(ExpectedConditions.urlContains("/runs/new?from=" + id));
        browser.waiting(10)
                .until(driver -> !driver.findElement(By.cssSelector("[data-path='dataset.name']"))
                        .getAttribute("value")
                        .equals("fashion-mnist"));
        assertThat(browser.driver()
                        .findElement(By.cssSelector("[data-path='dataset.name']"))
                        .getAttribute("value"))
                .isEqualTo("synthetic-spirals");
        String baseLr = browser.driver()
                .findElement(By.cssSelector("[data-path='schedule.base_lr']"))
                .getAttribute("value");
        assertThat(Double.parseDouble(baseLr)).isBetween(1e-4, 100.0);
        assertThat(browser.driver().getCurrentUrl()).contains("base_lr=" + baseLr);
        browser.screenshot("launch-from-range-test");
    }
}
