package dev.anneal.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anneal.BrowserTestSupport;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** A viewer reads everything and is offered nothing they may not do: no launch, no cancel, no resume, no clone. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "db-scheduler.enabled=false")
@ActiveProfiles("test")
class ViewerBrowserTests extends BrowserTestSupport {

    @Autowired
    private Users users;

    @Override
    protected boolean signsIn() {
        return false;
    }

    @Test
    void shouldShowAViewerNoControlsTheyMayNotUse() throws Exception {
        String runId = api().launch("""
                {"name": "someone else's", "schedule": {"base_lr": 0.1, "t_max": 5}}""");
        String viewer = "v" + UUID.randomUUID().toString().substring(0, 8);
        users.create(viewer, "a viewer's long password", Role.VIEWER);
        signIn(viewer, "a viewer's long password");

        open("/");
        assertThat(browser.driver().findElement(By.cssSelector(".top .who")).getText())
                .contains(viewer);
        assertThat(browser.driver().findElements(By.linkText("Launch a run"))).isEmpty();
        open("/runs/" + runId);
        browser.waiting(10)
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("[data-role=status]"), "queued"));

        assertThat(browser.driver().findElements(By.cssSelector("[data-action=cancel], [data-action=resume]")))
                .isEmpty();
        assertThat(browser.driver().findElements(By.linkText("Clone"))).isEmpty();
        browser.assertNoConsoleErrors();
    }
}
