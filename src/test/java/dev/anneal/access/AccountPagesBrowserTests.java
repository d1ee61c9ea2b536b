package dev.anneal.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anneal.BrowserTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The account pages as people use them: a member makes a token on their profile (shown once, working until they
 * revoke it) and launches a run from the form as its owner; an admin adds a user, changes their role (which ends
 * their session) and disables them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "db-scheduler.enabled=false")
@ActiveProfiles("test")
class AccountPagesBrowserTests extends BrowserTestSupport {

    private static final String PASSWORD = "a member's long password";

    @Autowired
    private Users users;

    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected boolean signsIn() {
        return false;
    }

    private String newMember() {
        String name = "m" + UUID.randomUUID().toString().substring(0, 8);
        users.create(name, PASSWORD, Role.MEMBER);
        return name;
    }

    private WebElement find(String css) {
        return browser.driver().findElement(By.cssSelector(css));
    }

    private void type(String css, String text) {
        var input = find(css);
        input.clear();
        input.sendKeys(text);
    }

    private int statusWithToken(String token) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(api().url("/api/runs")))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void shouldShowANewTokenOnceListItByItsPrefixAndRevokeItAfterAskingAgain() throws Exception {
        String member = newMember();
        signIn(member, PASSWORD);
        open("/");
        find(".top .who a").click(); // the header's name is the way to one's profile
        browser.waiting(10).until(ExpectedConditions.urlMatches("/profile$"));
        browser.waiting(10).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-role=none]")));

        type(".token-form [name=name]", "nightly CI");
        new Select(find(".token-form [name=scope]")).selectByValue("write");
        type(".token-form [name=expires_in_days]", "30");
        find(".token-form button[type=submit]").click();

        browser.waiting(10).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-role=issued]")));
        String token = find("[data-role=issued-token]").getText();
        assertThat(token).matches("anl_[0-9A-Za-z]{49}");
        browser.waiting(10).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".tokens tbody tr"), 1));
        var cells = find(".tokens tbody tr").findElements(By.cssSelector("th, td"));
        assertThat(cells.get(0).getText()).isEqualTo("nightly CI");
        assertThat(cells.get(1).getText()).isEqualTo(token.substring(0, TokenText.SHOWN) + "…");
        assertThat(cells.get(2).getText()).isEqualTo("write");
        assertThat(cells.get(4).getText()).isEqualTo("never");
        assertThat(cells.get(5).getText()).endsWith("(in 29 days)"); // 30 days less the seconds since
        browser.screenshot("profile-token-issued");
        assertThat(statusWithToken(token)).isEqualTo(200);

        browser.driver().navigate().refresh(); // shown once: the page does not have it again
        browser.waiting(10).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".tokens tbody tr"), 1));
        assertThat(browser.driver().getPageSource()).doesNotContain(token);
        assertThat(find("[data-role=issued]").isDisplayed()).isFalse();
        browser.waiting(10)
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector(".tokens tbody tr td:nth-child(5)"), "UTC")); // its use just now

        find("[data-action=revoke]").click();
        assertThat(find("[data-action=revoke]").getText()).isEqualTo("Revoke for good?");
        assertThat(statusWithToken(token)).isEqualTo(200); // one click does not revoke
        find("[data-action=revoke]").click();

        browser.waiting(10)
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector(".tokens tbody tr td:nth-child(6)"), "revoked"));
        assertThat(browser.driver().findElements(By.cssSelector("[data-action=revoke]")))
                .isEmpty();
        assertThat(statusWithToken(token)).isEqualTo(401);
        browser.assertNoConsoleErrors();
    }

    @Test
    void shouldSayWhyATokenWasNotMadeBesideTheField() {
        signIn(newMember(), PASSWORD);
        open("/profile");
        type(".token-form [name=name]", "too long a life");
        type(".token-form [name=expires_in_days]", "400");
        find(".token-form button[type=submit]").click();

        browser.waiting(10)
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("[data-error-for=expires_in_days]"), "between 1 and 366"));
        assertThat(find("[data-role=issued]").isDisplayed()).isFalse();
    }

    @Test
    void shouldLetAMemberLaunchFromTheFormAsTheRunsOwner() {
        String member = newMember();
        signIn(member, PASSWORD);
        open("/");
        browser.driver().findElement(By.linkText("Launch a run")).click();
        browser.waiting(10).until(ExpectedConditions.urlMatches("/runs/new$"));
        var name = find("[data-path='name']");
        name.clear();
        name.sendKeys("a member's run");
        find(".launch-form button[type=submit]").click();

        browser.waiting(10).until(ExpectedConditions.urlMatches("/runs/[0-9a-f-]{36}$"));
        assertThat(find("h1").getText()).isEqualTo("a member's run");
        assertThat(find("[data-role=owner]").getText()).isEqualTo("by " + member);
        // their own run: they may cancel it
        browser.waiting(10)
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-action=cancel]")));
        find("[data-action=cancel]").click();
        browser.waiting(10).until(ExpectedConditions.textToBe(By.cssSelector("[data-role=status]"), "cancelled"));
        browser.assertNoConsoleErrors();
    }

    @Test
    void shouldLetAnAdminAddAUserChangeTheirRoleEndingTheirSessionAndDisableThem() throws Exception {
        String member = newMember();
        var theirs = dev.anneal.Browser.start();
        try {
            signInWith(theirs, member);
            signIn(TestAccounts.USERNAME, TestAccounts.PASSWORD);
            open("/");
            browser.driver().findElement(By.linkText("Users")).click();
            browser.waiting(10).until(ExpectedConditions.urlMatches("/admin/users$"));
            By theirRow = By.cssSelector("tr[data-username='" + member + "']");
            browser.waiting(10).until(ExpectedConditions.presenceOfElementLocated(theirRow));

            new Select(browser.driver().findElement(theirRow).findElement(By.cssSelector("select")))
                    .selectByValue("viewer");
            browser.waiting(10)
                    .until(ExpectedConditions.textToBe(
                            By.cssSelector("[data-role=message]"), member + " is now a viewer."));
            assertThat(users.find(member).orElseThrow().role()).isEqualTo(Role.VIEWER);
            // their browser's session ended with the change: its next page asks them to sign in again
            theirs.driver().get(api().url("/runs/new"));
            theirs.waiting(10).until(ExpectedConditions.urlContains("/login?account-changed"));
            assertThat(theirs.driver()
                            .findElement(By.cssSelector("[role=status]"))
                            .getText())
                    .contains("Your account changed since you signed in");

            browser.driver()
                    .findElement(theirRow)
                    .findElement(By.cssSelector("[data-action=toggle]"))
                    .click();
            browser.waiting(10)
                    .until(ExpectedConditions.textToBePresentInElementLocated(
                            By.cssSelector("tr[data-username='" + member + "'] td:nth-child(3)"), "disabled"));
            assertThat(users.find(member).orElseThrow().disabled()).isTrue();

            String added = "n" + UUID.randomUUID().toString().substring(0, 8);
            type(".user-form [name=username]", added);
            type(".user-form [name=password]", "short");
            find(".user-form button[type=submit]").click();
            browser.waiting(10)
                    .until(ExpectedConditions.textToBePresentInElementLocated(
                            By.cssSelector("[data-error-for=password]"), "at least 12 characters"));
            type(".user-form [name=password]", "a new member's long password");
            find(".user-form button[type=submit]").click();
            browser.waiting(10)
                    .until(ExpectedConditions.presenceOfElementLocated(
                            By.cssSelector("tr[data-username='" + added + "']")));
            assertThat(find("[data-role=message]").getText()).isEqualTo(added + " can now sign in as a member.");
            browser.screenshot("admin-users");
        } finally {
            theirs.close();
        }
    }

    private void signInWith(dev.anneal.Browser other, String username) {
        other.driver().get(api().url("/login"));
        other.driver().findElement(By.name("username")).sendKeys(username);
        other.driver().findElement(By.name("password")).sendKeys(PASSWORD);
        other.driver().findElement(By.cssSelector("button[type=submit]")).click();
        other.waiting(10).until(page -> !page.getCurrentUrl().contains("/login"));
    }
}
