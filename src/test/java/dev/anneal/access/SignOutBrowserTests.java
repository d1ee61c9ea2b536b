package dev.anneal.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anneal.BrowserTestSupport;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** Signing out from the header ends the session: the pages then ask to sign in again. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "db-scheduler.enabled=false")
@ActiveProfiles("test")
class SignOutBrowserTests extends BrowserTestSupport {

    @Test
    void shouldSignOutFromTheHeaderAndAskToSignInAgain() {
        open("/");
        assertThat(browser.driver().findElement(By.cssSelector(".top .who")).getText())
                .contains(TestAccounts.USERNAME);

        browser.driver().findElement(By.cssSelector(".top .who button")).click();
        browser.waiting(10).until(driver -> driver.getCurrentUrl().contains("/login?signed-out"));

        assertThat(browser.driver().findElement(By.cssSelector("[role=status]")).getText())
                .isEqualTo("You are signed out.");
        open("/");
        assertThat(browser.driver().getCurrentUrl()).endsWith("/login");
        assertThat(browser.driver().findElements(By.cssSelector(".top .who"))).isEmpty();
    }
}
