package dev.anneal.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anneal.BrowserTestSupport;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * Sweeps in a real browser: a finished sweep's page lists every trial with its status and draws a chart per
 * parameter and the rung curves with every point on their axes; a sweep launched from the form, started from a run
 * by "Sweep around this", with the live count of its trials.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class SweepPagesBrowserTests extends BrowserTestSupport {

    private static final String BASE = """
            {"dataset": {"name": "synthetic-spirals", "limit": 3000, "val_fraction": 0.2},
             "model": {"name": "mlp", "hidden": [32, 32]},
             "optimizer": {"name": "sgd", "momentum": 0.9},
             "schedule": {"base_lr": 0.1, "t_max": 1, "unit": "epoch"},
             "training": {"epochs": 3, "batch_size": 16, "seed": 3, "device": "cpu"}}""";

    private JsonNode awaitEnd(String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        var sweep = api().get("/api/sweeps/" + id);
        while (sweep.get("status").asString().equals("RUNNING") && System.nanoTime() < deadline) {
            Thread.sleep(500);
            sweep = api().get("/api/sweeps/" + id);
        }
        return sweep;
    }

    @Test
    void shouldListTheTrialsWithTheirStatusAndDrawTheirCharts() throws Exception {
        String id = api().create("/api/sweeps", """
                {"name": "page-grid", "experiment": "sweep-pages", "base": %s,
                 "parameters": {"schedule.t_mult": {"values": [1, 2]}, "schedule.base_lr": {"values": [0.2, 0.00001]}},
                 "early_terminate": {"type": "asha", "eta": 2, "grace": 1, "min_peers": 2}}""".formatted(BASE));
        var sweep = awaitEnd(id);
        assertThat(sweep.get("status").asString()).isEqualTo("FINISHED");

        open("/sweeps");
        assertThat(browser.driver()
                        .findElement(By.cssSelector("tr[data-sweep-id='" + id + "'] td.name"))
                        .getText())
                .isEqualTo("page-grid");
        open("/sweeps/" + id);
        browser.waiting(20)
                .until(driver -> driver.findElements(By.cssSelector("[data-role=trials] tbody tr"))
                                .size()
                        == 4);

        for (var trial : sweep.get("trials")) {
            WebElement row = browser.driver()
                    .findElement(By.cssSelector("[data-role=trials] tr[data-trial='"
                            + trial.get("index").asInt() + "']"));
            assertThat(row.findElement(By.cssSelector(".badge")).getText())
                    .isEqualTo(trial.get("status").asString().toLowerCase());
        }
        browser.waiting(10)
                .until(driver -> ((Number) script("return Object.keys(Chart.instances).length")).intValue() == 3);
        assertThat(script("return Chart.getChart('parameter-chart-1').options.scales.x.type"))
                .as("base_lr spans four decades")
                .isEqualTo("logarithmic");
        assertThat(((Number) script(
                                "return Chart.getChart('parameter-chart-0').data.datasets.flatMap(d => d.data).length"))
                        .intValue())
                .isEqualTo(4);
        assertThat(((Number) script("return Chart.getChart('rung-chart').data.datasets.length")).intValue())
                .isEqualTo(4);
        assertThat(pointsOffTheirAxes()).isEmpty();
        var best =
                browser.driver().findElement(By.cssSelector("[data-role=best]")).getText();
        assertThat(best).contains("schedule.base_lr 0.2").containsPattern("val_loss 0\\.0*[1-9]\\d{0,3}\\n");
        assertThat(browser.driver()
                        .findElement(By.cssSelector("[data-role=progress]"))
                        .getText())
                .startsWith("4 of 4 trials ended");
        browser.screenshot("sweep-page");
        script("document.querySelector('[data-role=parameter-charts]').scrollIntoView()");
        browser.screenshot("sweep-page-charts");
        script("document.querySelector('[data-role=trials]').scrollIntoView()");
        browser.screenshot("sweep-page-trials");
        browser.assertNoConsoleErrors();

        // the two trials at base_lr 0.2 learn and train to their end: the best of those that did, compared
        browser.driver()
                .findElement(By.cssSelector("[data-action=compare-best]"))
                .click();
        browser.waiting(10).until(ExpectedConditions.urlContains("/compare?ids="));
        int finished = sweep.get("counts").get("SUCCEEDED").asInt();
        assertThat(browser.driver().getCurrentUrl().split("ids=")[1].split(","))
                .hasSize(Math.min(3, finished))
                .contains(sweep.get("best").get("run_id").asString());
    }

    @Test
    void shouldStartASweepFromTheFormAroundARunWithALiveCountOfItsTrials() throws Exception {
        String run = api().launch(BASE.replace("\"dataset\"", "\"name\": \"around-me\", \"dataset\""));
        assertThat(api().awaitEnd(run)).isEqualTo("SUCCEEDED");

        open("/runs/" + run);
        browser.waiting(10)
                .until(ExpectedConditions.elementToBeClickable(By.linkText("Sweep around this")))
                .click();
        browser.waiting(10).until(ExpectedConditions.urlContains("/sweeps/new?from=" + run));
        var count = By.cssSelector("[data-role=count]");
        browser.waiting(20).until(ExpectedConditions.textToBe(count, "6 trials, 2,700 steps at most"));
        assertThat(browser.driver()
                        .findElement(By.cssSelector("[data-field=name]"))
                        .getAttribute("value"))
                .isEqualTo("around-me-sweep");
        // the base is the launch form's own fields, filled from the run; the two it varies marked as swept
        assertThat(baseField("dataset.name").getAttribute("value")).isEqualTo("synthetic-spirals");
        assertThat(baseField("model.hidden").getAttribute("value")).isEqualTo("32, 32");
        assertThat(baseField("training.epochs").getAttribute("value")).isEqualTo("3");
        for (String swept : List.of("schedule.base_lr", "schedule.t_mult")) {
            assertThat(baseField(swept).isEnabled()).as(swept).isFalse();
            assertThat(baseField(swept).findElement(By.xpath("ancestor::label")).getAttribute("class"))
                    .contains("swept");
        }
        assertThat(baseField("schedule.t_max").isEnabled()).isTrue();
        script("document.querySelector('.base-fields').scrollIntoView()");
        browser.screenshot("sweep-form-base");
        List<WebElement> paths = browser.driver().findElements(By.cssSelector("[data-part=path]"));
        assertThat(paths)
                .extracting(e -> e.getAttribute("value"))
                .containsExactly("schedule.base_lr", "schedule.t_mult");

        // a value a launch would refuse is named before anything starts
        var values = browser.driver()
                .findElements(By.cssSelector("[data-part=values]"))
                .get(1);
        values.clear();
        values.sendKeys("1, 0.5");
        browser.waiting(10)
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("[data-error-for='parameters.schedule.t_mult']"), "t_mult must be"));
        browser.screenshot("sweep-form-refused");
        browser.driver().manage().logs().get("browser"); // the refused preview's 400 was asked for
        values.clear();
        values.sendKeys("1, 2, 3");
        browser.waiting(10).until(ExpectedConditions.textToBe(count, "9 trials, 4,050 steps at most"));

        // so is a base field a launch would refuse, beside that field; then a shorter base halves the steps
        var epochs = baseField("training.epochs");
        epochs.clear();
        epochs.sendKeys("0");
        browser.waiting(10)
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("[data-error-for='base.training.epochs']"), "epochs must be"));
        browser.driver().manage().logs().get("browser"); // this refused preview's 400 too
        epochs.clear();
        epochs.sendKeys("2");
        browser.waiting(10).until(ExpectedConditions.textToBe(count, "9 trials, 2,700 steps at most"));
        assertThat(browser.driver()
                        .findElement(By.cssSelector("[data-error-for='base.training.epochs']"))
                        .getText())
                .isEmpty();
        browser.screenshot("sweep-form");

        browser.driver()
                .findElement(By.cssSelector("form.sweep-form button[type=submit]"))
                .click();
        browser.waiting(10).until(ExpectedConditions.urlMatches(".*/sweeps/[0-9a-f-]{36}$"));
        String id = browser.driver().getCurrentUrl().replaceAll(".*/sweeps/", "");
        browser.waiting(20)
                .until(driver -> driver.findElements(By.cssSelector("[data-role=trials] tbody tr"))
                                .size()
                        == 9);
        assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("around-me-sweep");
        var base = api().get("/api/sweeps/" + id).get("base");
        assertThat(base.get("training").get("epochs").asInt()).isEqualTo(2);
        assertThat(base.get("dataset").get("name").asString()).isEqualTo("synthetic-spirals");
        assertThat(base.get("schedule").has("t_mult"))
                .as("a swept field is the trials' own")
                .isFalse();
        browser.assertNoConsoleErrors();
        api().act("/api/sweeps/" + id + "/cancel"); // leaves nothing training for the next test in this context
        assertThat(awaitTrialsEnded(id)).isTrue();
    }

    @Test
    void shouldStartASweepOfAnnealsOwnRunsAlongTheScheduleReadFromAScriptsRun() throws Exception {
        String run = api().create("/api/runs", """
                {"kind": "external", "name": "script-sgdr"}""");
        // PyTorch's CosineAnnealingWarmRestarts(T_0=10, T_mult=2, eta_min=0.001) from 0.1, steps 0 to 69
        var steps = new StringBuilder();
        var rates = new StringBuilder();
        for (int step = 0; step < 70; step++) {
            int start = step < 10 ? 0 : step < 30 ? 10 : 30;
            int length = step < 10 ? 10 : step < 30 ? 20 : 40;
            steps.append(step == 0 ? "" : ",").append(step);
            rates.append(step == 0 ? "" : ",")
                    .append(0.001 + (0.1 - 0.001) * (1 + Math.cos(Math.PI * (step - start) / length)) / 2);
        }
        api().post("/api/runs/" + run + "/log", """
                {"metrics": [{"key": "lr", "steps": [%s], "values": [%s]}]}""".formatted(steps, rates));
        api().act("/api/runs/" + run + "/finish");

        open("/runs/" + run);
        browser.waiting(10)
                .until(ExpectedConditions.elementToBeClickable(By.linkText("Sweep around this")))
                .click();
        browser.waiting(10).until(ExpectedConditions.urlContains("/sweeps/new?from=" + run));
        browser.waiting(20)
                .until(ExpectedConditions.textMatches(
                        By.cssSelector("[data-role=count]"), Pattern.compile("^6 trials, ")));

        assertThat(browser.driver()
                        .findElement(By.cssSelector("[data-role=start-note]"))
                        .getText())
                .startsWith("Starts from the inferred schedule of the script's run script-sgdr, in its steps");
        assertThat(baseField("schedule.t_max").getAttribute("value")).isEqualTo("10");
        assertThat(baseField("schedule.eta_min").getAttribute("value")).isEqualTo("0.001");
        assertThat(baseField("schedule.unit").getAttribute("value")).isEqualTo("step");
        assertThat(baseField("dataset.name").getAttribute("value"))
                .as("Anneal's own data: the script's are not in Anneal")
                .isEqualTo("fashion-mnist");
        assertThat(browser.driver().findElements(By.cssSelector("[data-part=values]")))
                .extracting(e -> e.getAttribute("value"))
                .containsExactly("0.0333, 0.1, 0.3", "1, 2");
        browser.screenshot("sweep-form-from-script");
        browser.assertNoConsoleErrors();
    }

    private WebElement baseField(String path) {
        return browser.driver().findElement(By.cssSelector(".base-fields [data-path='" + path + "']"));
    }

    private boolean awaitTrialsEnded(String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            var counts = api().get("/api/sweeps/" + id).get("counts");
            if (counts.get("RUNNING").asInt() == 0 && counts.get("QUEUED").asInt() == 0) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }
}
