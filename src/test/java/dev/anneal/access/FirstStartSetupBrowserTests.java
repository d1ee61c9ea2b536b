package dev.anneal.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anneal.BrowserTestSupport;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The first start as a new user meets it: the link from the log opens a page that creates the first admin, and then
 * stops working. Its own context, so its database starts with no user.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"db-scheduler.enabled=false", "anneal.test.context=first-start"})
@ActiveProfiles("test")
class FirstStartSetupBrowserTests extends BrowserTestSupport {

    @Autowired
    private FirstStartSetup setup;

    @Autowired
    private Users users;

    @Override
    protected boolean signsIn() {
        return false;
    }

    private void fill(String name, String value) {
        var field = browser.driver().findElement(By.name(name));
        field.clear();
        field.sendKeys(value);
    }

    @Test
    void shouldCreateTheFirstAdminOnceFromTheLinkInTheLog() {
        open("/login");
        assertThat(browser.driver().findElement(By.tagName("main")).getText())
                .contains("No account exists yet")
                .contains("/setup?token=");

        open("/setup?token=not-the-token");
        assertThat(browser.driver().findElement(By.tagName("main")).getText())
                .contains("403")
                .contains("This setup link is not valid");

        open(setup.path());
        fill("username", "ada");
        fill("password", "a long enough passphrase");
        fill("repeated", "a long enough passphrase, but other");
        browser.driver().findElement(By.cssSelector("main button[type=submit]")).click();
        // the refusal is a new page: wait for it, as a click does not always wait for the page it submits to
        var refusal =
                browser.waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[role=alert]")));
        assertThat(refusal.getText()).isEqualTo("The two passwords differ: type the same one twice.");
        assertThat(users.anyExist()).isFalse();

        fill("password", "a long enough passphrase");
        fill("repeated", "a long enough passphrase");
        browser.driver().findElement(By.cssSelector("main button[type=submit]")).click();

        var notice = browser.waiting(10)
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("p[role=status]")));
        assertThat(notice.getText()).isEqualTo("ada is the first admin: sign in.");
        assertThat(users.find("ada"))
                .hasValueSatisfying(user -> assertThat(user.role()).isEqualTo(Role.ADMIN));
        assertThat(users.passwordMatches("ada", "a long enough passphrase")).isTrue();
        signIn("ada", "a long enough passphrase");
        assertThat(browser.driver().findElement(By.cssSelector(".top .who")).getText())
                .contains("ada");
        open("/profile");
        assertThat(browser.driver().findElement(By.cssSelector("main .lead")).getText())
                .isEqualTo("Signed in as an admin.");
        open("/login");
        assertThat(browser.driver().findElement(By.tagName("main")).getText()).doesNotContain("No account exists yet");
        open(setup.path());
        assertThat(browser.driver().findElement(By.tagName("main")).getText())
                .contains("404")
                .contains("Setup is done");
    }
}
