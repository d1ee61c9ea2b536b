package dev.anneal.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anneal.BrowserTestSupport;
import dev.anneal.access.Actor;
import dev.anneal.access.Role;
import dev.anneal.library.ModelManifest;
import dev.anneal.library.Models;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** The launch form in a real Chromium: the live schedule preview, the server's errors at their fields, a launch. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class LaunchFormBrowserTests extends BrowserTestSupport {

    @Autowired
    private Models models;

    private WebElement field(String path) {
        return browser.driver().findElement(By.cssSelector("[data-path='" + path + "']"));
    }

    private void type(String path, String text) {
        var input = field(path);
        input.clear();
        input.sendKeys(text);
    }

    /** The cycles the preview chart shows: its rate jumps back up once per restart. */
    private long restartsDrawn() {
        return ((Number) script("const d = Chart.getChart('preview-chart').data.datasets[0].data;"
                        + " let n = 0; for (let i = 1; i < d.length; i++) if (d[i].y > d[i - 1].y + 1e-9) n++;"
                        + " return n"))
                .longValue();
    }

    @Test
    void shouldRedrawThePreviewWhenTMultChanges() {
        open("/runs/new");
        type("training.epochs", "15");
        browser.waiting(10).until(driver -> restartsDrawn() == 3); // t_mult 2: cycles of 1, 2, 4, 8 epochs

        type("schedule.t_mult", "1");

        browser.waiting(10).until(driver -> restartsDrawn() == 14); // fifteen one-epoch cycles
        assertThat(browser.driver()
                        .findElement(By.cssSelector("[data-role=preview-note]"))
                        .getText())
                .startsWith("15 cycles over 15 epochs");
        browser.assertNoConsoleErrors();
        browser.screenshot("launch-form");
    }

    @Test
    void shouldShowThePreviewsWarnings() {
        open("/runs/new");
        type("training.epochs", "10"); // cycles of 1, 2, 4, 8: the run ends 3 epochs into the fourth

        browser.waiting(10)
                .until(ExpectedConditions.presenceOfElementLocated(
                        By.cssSelector("[data-role=warnings] li[data-code=ENDS_MID_CYCLE]")));
    }

    @Test
    void shouldShowTheServersReasonsAtTheirFieldsThenLaunchAndFollowTheRunToTheEnd() {
        open("/runs/new");
        type("name", "from the form");
        new Select(field("dataset.name")).selectByValue("synthetic-spirals");
        new Select(field("model.name")).selectByValue("mlp");
        type("model.hidden", "16");
        type("dataset.limit", "500");
        type("training.epochs", "2");
        type("training.batch_size", "0");
        type("schedule.eta_min", "0.5"); // above base_lr

        browser.driver()
                .findElement(By.cssSelector(".launch-form button[type=submit]"))
                .click();

        browser.waiting(10)
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("[data-error-for='training.batch_size']"), "training.batch_size"));
        assertThat(browser.driver()
                        .findElement(By.cssSelector("[data-error-for='schedule.eta_min']"))
                        .getText())
                .contains("eta_min");
        assertThat(browser.driver().getCurrentUrl()).endsWith("/runs/new");

        type("training.batch_size", "50");
        type("schedule.eta_min", "0");
        browser.driver()
                .findElement(By.cssSelector(".launch-form button[type=submit]"))
                .click();

        browser.waiting(10).until(ExpectedConditions.urlMatches("/runs/[0-9a-f-]{36}$"));
        assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("from the form");
        browser.waiting(120).until(ExpectedConditions.textToBe(By.cssSelector("[data-role=status]"), "succeeded"));
        browser.waiting(10)
                .until(driver -> ((Number) script("return Object.keys(Chart.getChart('lr-chart')"
                                        + ".options.plugins.annotation.annotations).length"))
                                .intValue()
                        == 1); // t_max 1, t_mult 2 over 2 epochs: one restart, after the first
        // the console holds the two 400s this test asked for, so it is not checked here
    }

    @Test
    void shouldShowTheFieldsOfTheChosenKindAndLaunchAStepSchedule() throws Exception {
        open("/runs/new");
        new Select(field("schedule.kind")).selectByValue("step");

        browser.waiting(10).until(driver -> !field("schedule.t_max").isDisplayed());
        assertThat(field("schedule.step_size").isDisplayed()).isTrue();
        assertThat(field("schedule.gamma").isDisplayed()).isTrue();
        assertThat(field("schedule.warmup").isDisplayed()).isTrue();
        assertThat(field("schedule.pct_start").isDisplayed()).isFalse();
        type("name", "step decay from the form");
        new Select(field("dataset.name")).selectByValue("synthetic-spirals");
        new Select(field("model.name")).selectByValue("mlp");
        type("model.hidden", "16");
        type("dataset.limit", "500");
        type("training.epochs", "4");
        type("training.batch_size", "50");
        type("schedule.step_size", "1");
        type("schedule.gamma", "0.5");

        browser.waiting(10)
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("[data-role=preview-note]"), "A step schedule over 4 epochs"));
        // the rate halves at every epoch: three drops, never a rise
        var rates = script("return Chart.getChart('preview-chart').data.datasets[0].data.map(p => p.y)");
        assertThat(rates).asList().first().isEqualTo(0.1);
        assertThat(rates).asList().last().isEqualTo(0.0125);
        assertThat(restartsDrawn()).isZero();
        browser.screenshot("launch-form-step");
        var run = launchAndAwait();
        String id = run.get("id").asString();
        assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");
        var schedule = run.get("config").get("schedule");
        assertThat(schedule.get("kind").asString()).isEqualTo("step");
        assertThat(schedule.get("step_size").asDouble()).isEqualTo(1.0);
        assertThat(schedule.has("t_max"))
                .as("cosine's fields are not sent for a step schedule")
                .isFalse();
        browser.assertNoConsoleErrors();
    }

    @Test
    void shouldLaunchAnUploadedModelChosenInTheFormAndCloneIt() throws Exception {
        String name = "form-" + UUID.randomUUID().toString().substring(0, 8);
        dev.anneal.library.UploadedModel model;
        try (var file = Files.newInputStream(Path.of("src/test/resources/models/spirals_bn.pt"))) {
            model = models.upload(
                    new Actor("tester", Role.ADMIN),
                    new ModelManifest(
                            name,
                            "1",
                            null,
                            List.of(2L),
                            "float32",
                            ModelManifest.Task.CLASSIFICATION,
                            3,
                            null,
                            "cross_entropy"),
                    file);
        }
        open("/runs/new");
        new Select(field("dataset.name")).selectByValue("synthetic-spirals");
        new Select(field("model.artifact")).selectByValue(name + ":1");

        browser.waiting(10).until(driver -> !field("model.name").isDisplayed());
        assertThat(field("model.hidden").isDisplayed()).isFalse();
        type("dataset.limit", "300");
        type("training.epochs", "2");
        type("training.batch_size", "30");
        browser.screenshot("launch-form-uploaded-model");
        var run = launchAndAwait();
        String id = run.get("id").asString();
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.get("config").get("model").get("uploaded").get("name").asString())
                .isEqualTo(name);

        open("/runs/" + id);
        assertThat(browser.driver().findElement(By.linkText("Download model")).getDomAttribute("href"))
                .as("its page hands the trained model back")
                .isEqualTo("/api/runs/" + id + "/model");
        assertThat(browser.driver().findElement(By.linkText(name + ":1")).getDomAttribute("href"))
                .as("and links the model's page")
                .isEqualTo("/models/" + model.id());

        open("/runs/new?from=" + id);
        browser.waiting(10)
                .until(driver -> (name + ":1").equals(field("model.artifact").getDomProperty("value")));
        assertThat(field("model.name").isDisplayed())
                .as("the built-in network's fields give way")
                .isFalse();

        // the model's page lists the run, and launches another with the model picked
        open("/models/" + model.id());
        assertThat(browser.driver()
                        .findElement(By.linkText(run.get("name").asString()))
                        .getDomAttribute("href"))
                .isEqualTo("/runs/" + id);
        browser.driver().findElement(By.linkText("Launch a run with it")).click();
        browser.waiting(10)
                .until(driver -> (name + ":1").equals(field("model.artifact").getDomProperty("value")));
        assertThat(field("model.name").isDisplayed()).isFalse();
        browser.assertNoConsoleErrors();
    }

    /** Launches what the form holds, follows it to the run's page, and reads the run once it ended. */
    private tools.jackson.databind.JsonNode launchAndAwait() throws Exception {
        browser.driver()
                .findElement(By.cssSelector(".launch-form button[type=submit]"))
                .click();
        browser.waiting(10).until(ExpectedConditions.urlMatches("/runs/[0-9a-f-]{36}$"));
        String id = browser.driver().getCurrentUrl().replaceAll(".*/runs/", "");
        return api().get("/api/runs/" + id + "?wait=120");
    }

    @Test
    void shouldPrefillACloneFromTheRunsConfig() throws Exception {
        var api = api();
        String id = api.launch("""
                {"name": "original", "tags": ["lr", "spirals"], "dataset": {"name": "synthetic-spirals", "limit": 300},
                 "model": {"name": "mlp", "hidden": [24, 12]},
                 "schedule": {"base_lr": 0.07, "t_max": 3, "t_mult": 1, "unit": "epoch"},
                 "training": {"epochs": 3, "batch_size": 20}}""");

        open("/runs/new?from=" + id);

        browser.waiting(10)
                .until(driver -> "original (copy)".equals(field("name").getDomProperty("value")));
        assertThat(field("schedule.base_lr").getDomProperty("value")).isEqualTo("0.07");
        assertThat(field("model.hidden").getDomProperty("value")).isEqualTo("24, 12");
        assertThat(field("tags").getDomProperty("value")).isEqualTo("lr, spirals");
        assertThat(new Select(field("dataset.name")).getFirstSelectedOption().getText())
                .isEqualTo("synthetic-spirals");
    }
}
