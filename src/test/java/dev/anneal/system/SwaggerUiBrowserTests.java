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
}
