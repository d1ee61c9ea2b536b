package dev.anneal.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anneal.BrowserTestSupport;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** A run's page in a real Chromium, following a real training run from the queue to the end. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class RunPageBrowserTests extends BrowserTestSupport {

    @Test
    void shouldFollowARunLiveUntilItSucceedsWithItsRestartsDrawn() throws Exception {
        String id = api().launch("""
                {"name": "live <i>spirals</i>", "dataset": {"name": "synthetic-spirals", "limit": 3000},
                 "model": {"name": "mlp", "hidden": [32, 32]},
                 "schedule": {"base_lr": 0.1, "eta_min": 0.001, "t_max": 1, "t_mult": 1, "unit": "epoch"},
                 "training": {"epochs": 20, "batch_size": 32, "device": "cpu"}}""");

        open("/runs/" + id);
        assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("live <i>spirals</i>");
        browser.waiting(60).until(ExpectedConditions.textToBe(By.cssSelector("[data-role=status]"), "running"));
        script("window.notReloaded = true");
        browser.waiting(120).until(ExpectedConditions.textToBe(By.cssSelector("[data-role=status]"), "succeeded"));
        browser.waiting(10)
                .until(driver ->
                        ((Number) script("return Chart.getChart('lr-chart').data.datasets[0].data.length")).intValue()
                                == 1700);

        assertThat(script("return window.notReloaded"))
                .as("updated in place, never reloaded")
                .isEqualTo(true);
        long lrPoints = ((Number) script("return Chart.getChart('lr-chart').data.datasets[0].data.length")).longValue();
        assertThat(lrPoints)
                .as("one rate per step: 2 700 training examples in batches of 32, 85 steps an epoch")
                .isEqualTo(20 * 85);
        var restartLabels = script("return Object.values(Chart.getChart('lr-chart').options.plugins.annotation"
                + ".annotations).map(a => a.label.content)");
        assertThat(restartLabels)
                .asList()
                .hasSize(19)
                .startsWith("cycle 1", "cycle 2")
                .endsWith("cycle 19");
        long valPoints =
                ((Number) script("return Chart.getChart('loss-chart').data.datasets[2].data.length")).longValue();
        assertThat(valPoints).as("validation loss once per epoch").isEqualTo(20);
        assertThat(pointsOffTheirAxes())
                .as("followed live to its end, every chart holds every point, the last evaluation's too")
                .isEmpty();
        String summary = browser.driver()
                .findElement(By.cssSelector("[data-role=summary]"))
                .getText();
        assertThat(summary)
                .as("figures as a researcher reads them, each best one with its step and epoch")
                .containsPattern("test accuracy \\d{1,3}\\.\\d\\d %")
                .containsPattern("best validation loss \\d\\.\\d+ at step [\\d,]+ · epoch \\d+")
                .containsPattern("training time [\\d.]+ s")
                .containsPattern("steps 1,700")
                .doesNotContain("dataset");
        assertThat(browser.driver()
                        .findElement(By.cssSelector("[data-role=fingerprint]"))
                        .getText())
                .as("the data's fingerprint once, under Dataset and build")
                .contains("dataset generator synthetic-spirals");
        assertThat(browser.driver()
                        .findElement(By.cssSelector("[data-role=events]"))
                        .getText())
                .contains("restart")
                .contains("checkpoint");
        assertThat(browser.driver()
                        .findElement(By.cssSelector("[data-action=resume]"))
                        .isEnabled())
                .isFalse();
        browser.assertNoConsoleErrors();
        browser.screenshot("run-page");
    }

    @Test
    void shouldMarkTheSnapshotsOnTheRateChartAndShowTheEnsembleBesideTheLastWeights() throws Exception {
        String id = api().launch("""
                {"name": "snapshots", "dataset": {"name": "synthetic-spirals", "limit": 1000},
                 "model": {"name": "mlp", "hidden": [32, 32]},
                 "schedule": {"base_lr": 0.1, "t_max": 1, "t_mult": 1, "unit": "epoch"},
                 "training": {"epochs": 4, "batch_size": 32, "device": "cpu", "snapshots": {"keep": 3}}}""");

        open("/runs/" + id);
        browser.waiting(120).until(ExpectedConditions.textToBe(By.cssSelector("[data-role=status]"), "succeeded"));

        browser.waiting(10)
                .until(driver -> ((Number) script("return Object.values(Chart.getChart('lr-chart').options.plugins"
                                        + ".annotation.annotations).filter(a => a.label.content.startsWith('snapshot'))"
                                        + ".length"))
                                .intValue()
                        == 3);
        String summary = browser.driver()
                .findElement(By.cssSelector("[data-role=summary]"))
                .getText();
        assertThat(summary)
                .containsPattern("test accuracy \\(last weights\\) \\d{1,3}\\.\\d\\d %")
                .containsPattern(
                        "snapshot ensemble \\d{1,3}\\.\\d\\d % test, \\d{1,3}\\.\\d\\d % validation \\(loss \\d\\.\\d+\\):"
                                + " 3 snapshots, evaluated in [\\d.]+ s")
                .containsPattern("snapshots epoch 2: [\\d.]+ % · epoch 3: [\\d.]+ % · epoch 4: [\\d.]+ %")
                .doesNotContain("[object");
        assertThat(pointsOffTheirAxes()).isEmpty();
        browser.assertNoConsoleErrors();
        browser.screenshot("run-page-snapshots");
        script("document.querySelector('[data-role=summary]').scrollIntoView()");
        browser.screenshot("run-page-ensemble");
    }

    @Test
    void shouldRedrawAgainstEpochsAndTheLearningRateOnALogScale() throws Exception {
        String id = api().launch("""
                {"dataset": {"name": "synthetic-spirals", "limit": 1000},
                 "model": {"name": "mlp", "hidden": [16]},
                 "schedule": {"base_lr": 0.1, "eta_min": 0.0001, "t_max": 1, "unit": "epoch"},
                 "training": {"epochs": 2, "batch_size": 50, "device": "cpu"}}""");
        open("/runs/" + id);
        browser.waiting(120).until(ExpectedConditions.textToBe(By.cssSelector("[data-role=status]"), "succeeded"));

        assertThat(pointsOffTheirAxes())
                .as("unzoomed, on the step axis, every chart holds every point: the last evaluation is logged one step"
                        + " after the last optimizer step")
                .isEmpty();
        new org.openqa.selenium.support.ui.Select(browser.driver().findElement(By.cssSelector("[data-control=axis]")))
                .selectByValue("epoch");
        browser.driver().findElement(By.cssSelector("[data-control=log-lr]")).click();

        browser.waiting(10)
                .until(driver ->
                        "logarithmic".equals(script("return Chart.getChart('lr-chart').options.scales.y.type")));
        var lastX = ((Number)
                        script("const d = Chart.getChart('lr-chart').data.datasets[0].data; return d[d.length - 1].x"))
                .doubleValue();
        assertThat(lastX).as("the last step sits just before epoch 2").isBetween(1.9, 2.0);

        assertThat(((Number) script("const x = Chart.getChart('acc-chart').scales.x; return x.max - x.min"))
                        .doubleValue())
                .as("the accuracy chart spans the whole run, like the rate chart above it")
                .isGreaterThan(1.9);
        assertThat(pointsOffTheirAxes()).as("on the epoch axis too").isEmpty();
        browser.driver().findElement(By.cssSelector("[data-control=zoom-in]")).click(); // the keyboard's zoom
        // the zoomed range read again in detail: the rate series now starts in the middle half of the run
        browser.waiting(10)
                .until(driver ->
                        ((Number) script("return Chart.getChart('lr-chart').data.datasets[0].data[0].x")).doubleValue()
                                > 0.4);
        assertThat(((Number) script("const x = Chart.getChart('acc-chart').scales.x; return x.max - x.min"))
                        .doubleValue())
                .as("every chart shows the zoomed half of the two epochs, after the detail arrived too")
                .isBetween(0.9, 1.1);

        browser.driver()
                .findElement(By.cssSelector("[data-control=reset-zoom]"))
                .click();
        browser.waiting(10).until(driver -> accRange() > 1.9);
        var canvas = browser.driver().findElement(By.id("lr-chart"));
        int width = canvas.getSize().getWidth();
        new Actions(browser.driver()) // a drag across the middle of the rate chart zooms the stack
                .moveToElement(canvas, -width / 8, 0)
                .clickAndHold()
                .moveByOffset(width / 4, 0)
                .release()
                .perform();
        browser.waiting(10).until(driver -> accRange() < 1.2);
        browser.driver()
                .findElement(By.cssSelector("[data-control=reset-zoom]"))
                .click();
        browser.waiting(10).until(driver -> accRange() > 1.9);
        browser.assertNoConsoleErrors();
    }

    private double accRange() {
        return ((Number) script("const x = Chart.getChart('acc-chart').scales.x; return x.max - x.min")).doubleValue();
    }

    @Test
    void shouldAnswerAnUnknownRunWithANotFoundPage() {
        open("/runs/00000000-0000-0000-0000-000000000000");

        assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("404");
        assertThat(browser.driver().findElement(By.cssSelector(".message")).getText())
                .contains("no run has id");
    }
}
