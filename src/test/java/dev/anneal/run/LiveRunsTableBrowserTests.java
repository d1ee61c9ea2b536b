package dev.anneal.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anneal.BrowserTestSupport;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** The runs table follows a live run to its end without a reload, keeping what the user ticked. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class LiveRunsTableBrowserTests extends BrowserTestSupport {

    @Test
    void shouldUpdateALiveRowInPlaceUntilTheRunSucceeds() throws Exception {
        String experiment = "live-table-" + UUID.randomUUID().toString().substring(0, 8);
        String id = api().launch("""
                {"name": "followed", "experiment": "%s", "dataset": {"name": "synthetic-spirals", "limit": 3000},
                 "model": {"name": "mlp", "hidden": [32, 32]},
                 "schedule": {"base_lr": 0.1, "t_max": 1, "unit": "epoch"},
                 "training": {"epochs": 15, "batch_size": 32, "device": "cpu"}}""".formatted(experiment));
        open("/?experiment=" + experiment);
        var row = By.cssSelector("tr[data-run-id='" + id + "']");
        assertThat(browser.driver()
                        .findElement(row)
                        .findElement(By.cssSelector(".badge"))
                        .getText())
                .isIn("queued", "running");
        browser.driver()
                .findElement(row)
                .findElement(By.cssSelector("input[type=checkbox]"))
                .click();
        script("window.notReloaded = true");

        browser.waiting(120)
                .until(driver -> driver.findElement(row)
                        .findElement(By.cssSelector(".badge"))
                        .getText()
                        .equals("succeeded"));

        assertThat(script("return window.notReloaded")).isEqualTo(true);
        assertThat(browser.driver()
                        .findElement(row)
                        .findElement(By.cssSelector(".progress"))
                        .getText())
                .isEqualTo("100 %");
        assertThat(browser.driver()
                        .findElement(row)
                        .findElement(By.cssSelector("input[type=checkbox]"))
                        .isSelected())
                .as("the tick survives the refresh")
                .isTrue();
        browser.assertNoConsoleErrors();
    }
}
