package dev.anneal.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anneal.BrowserTestSupport;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** The runs table in a real Chromium: filtering, sorting by a schedule setting, selecting runs to compare. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "db-scheduler.enabled=false")
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunsTableBrowserTests extends BrowserTestSupport {

    private final String experiment = "table-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    void launchRuns() throws Exception {
        launch("cosine-<b>bold</b>", 0.05, List.of("<script>alert(1)</script>"));
        launch("cosine-fast", 0.2, List.of("sweep"));
        launch("cosine-mid", 0.1, List.of("sweep"));
    }

    private void launch(String name, double baseLr, List<String> tags) throws Exception {
        String tagsJson = tags.stream()
                .map(tag -> "\"" + tag.replace("\"", "\\\"") + "\"")
                .reduce((a, b) -> a + "," + b)
                .orElse("");
        api().launch("""
                {"name": "%s", "experiment": "%s", "tags": [%s], "schedule": {"base_lr": %s, "t_max": 2}}""".formatted(name, experiment, tagsJson, baseLr));
    }

    private List<String> names() {
        return browser.driver().findElements(By.cssSelector("table.runs tbody td.name")).stream()
                .map(WebElement::getText)
                .toList();
    }

    @Test
    void shouldListTheExperimentsRunsWithTheirScheduleAndEscapeWhatUsersTyped() {
        open("/?experiment=" + experiment);

        assertThat(names()).containsExactly("cosine-mid", "cosine-fast", "cosine-<b>bold</b>"); // newest first
        assertThat(browser.driver().findElements(By.cssSelector("table.runs b")))
                .isEmpty();
        assertThat(browser.driver().findElement(By.cssSelector("table.runs")).getText())
                .contains("<script>alert(1)</script>")
                .contains("0.05")
                .contains("queued");
        assertThat(browser.driver().findElement(By.cssSelector(".count")).getText())
                .isEqualTo("1–3 of 3 runs");
        browser.assertNoConsoleErrors();
    }

    @Test
    void shouldSortByBaseLrBothWaysFromTheColumnHeading() {
        open("/?experiment=" + experiment);

        browser.driver().findElement(By.linkText("base_lr")).click();
        browser.waiting(10).until(ExpectedConditions.urlContains("sort=base_lr,desc"));
        assertThat(names()).containsExactly("cosine-fast", "cosine-mid", "cosine-<b>bold</b>");
        assertThat(browser.driver()
                        .findElement(By.xpath("//th[a[text()='base_lr']]"))
                        .getDomAttribute("aria-sort"))
                .isEqualTo("descending");

        browser.driver().findElement(By.linkText("base_lr")).click();
        browser.waiting(10).until(ExpectedConditions.urlContains("sort=base_lr,asc"));
        assertThat(names()).containsExactly("cosine-<b>bold</b>", "cosine-mid", "cosine-fast");
    }

    @Test
    void shouldFilterByTagAndName() {
        open("/?experiment=" + experiment);

        browser.driver().findElement(By.name("tag")).sendKeys("sweep");
        browser.driver().findElement(By.name("q")).sendKeys("FAST");
        browser.driver()
                .findElement(By.cssSelector(".filters button[type=submit]"))
                .click();
        browser.waiting(10).until(ExpectedConditions.urlContains("tag=sweep"));

        assertThat(names()).containsExactly("cosine-fast");
    }

    @Test
    void shouldCarryTheSelectedRunsToTheComparePage() {
        open("/?experiment=" + experiment + "&sort=base_lr,asc");
        var boxes = browser.driver().findElements(By.cssSelector("table.runs tbody input[type=checkbox]"));
        boxes.get(0).click();
        boxes.get(2).click();
        var first = boxes.get(0).getDomAttribute("value");
        var third = boxes.get(2).getDomAttribute("value");

        browser.driver().findElement(By.cssSelector("button.compare")).click();
        browser.waiting(10).until(ExpectedConditions.urlContains("/compare"));

        assertThat(browser.driver().getCurrentUrl()).contains("ids=" + first).contains("ids=" + third);
    }

    @Test
    void shouldSayAPageBeyondTheLastIsEmptyAndRefuseImpossibleOrMalformedPages() {
        open("/?experiment=" + experiment + "&page=5");
        assertThat(browser.driver().findElement(By.cssSelector(".count")).getText())
                .isEqualTo("No runs on this page; 3 in all");

        open("/?page=2147483647");
        assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("400");
        assertThat(browser.driver().findElement(By.cssSelector(".message")).getText())
                .isEqualTo("page must be between 0 and 10737418 but was 2147483647");

        open("/?page=first");
        assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("400");
        assertThat(browser.driver().findElement(By.cssSelector(".message")).getText())
                .contains("page");
    }

    @Test
    void shouldAnswerABadSortWithAnErrorPageNamingTheField() {
        open("/?sort=colour");

        assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("400");
        assertThat(browser.driver().findElement(By.cssSelector(".message")).getText())
                .startsWith("sort must be one of");
    }
}
