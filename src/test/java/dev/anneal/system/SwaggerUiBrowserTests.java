package dev.anneal.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anneal.BrowserTestSupport;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** Swagger UI still works under the Content-Security-Policy every response carries. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "db-scheduler.enabled=false")
@ActiveProfiles("test")
class SwaggerUiBrowserTests extends BrowserTestSupport {

    @Test
    void shouldRenderTheApiOperations() {
        open("/swagger-ui.html");

        browser.waiting(20).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".opblock")));
        assertThat(browser.driver().findElement(By.tagName("body")).getText()).contains("/api/runs");
        browser.assertNoConsoleErrors();
    }

    @Test
    void shouldTryAnOperationOutWithAnAuthorizedToken() {
        open("/swagger-ui.html");
        var wait = browser.waiting(20);
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.authorize")))
                .click();
        var modal = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".auth-container input")));
        modal.sendKeys(dev.anneal.access.TestAccounts.TOKEN);
        browser.driver()
                .findElement(By.cssSelector(".auth-container button.authorize"))
                .click();
        browser.driver()
                .findElement(By.cssSelector(".modal-ux button.btn-done"))
                .click();

        System.out.println(
                "OPBLOCKS " + script("return [...document.querySelectorAll('.opblock')].map(e => e.id).join(' ')"));
        var operation = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#operations-schedule-preview-controller-preview_1 .opblock-summary")));
        operation.click();
        wait.until(ExpectedConditions.elementToBeClickable(
                        By.cssSelector("#operations-schedule-preview-controller-preview_1 button.try-out__btn")))
                .click();
        var body = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#operations-schedule-preview-controller-preview_1 textarea.body-param__text")));
        body.clear();
        body.sendKeys("{\"schedule\": {\"base_lr\": 0.1, \"t_max\": 10}, \"total_steps\": 20}");
        browser.driver()
                .findElement(By.cssSelector("#operations-schedule-preview-controller-preview_1 button.execute"))
                .click();

        var status = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(
                "#operations-schedule-preview-controller-preview_1 .live-responses-table tbody .response-col_status")));
        assertThat(status.getText()).startsWith("200");
    }
}
