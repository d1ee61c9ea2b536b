package dev.anneal;

import dev.anneal.access.TestAccounts;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A browser test against the application on its random port: a fresh headless Chromium for each test, the API to
 * set the scene with, and a way to ask the page's scripts (Chart.js) what they drew.
 */
public abstract class BrowserTestSupport {

    @LocalServerPort
    private int port;

    protected Browser browser;

    @BeforeEach
    void openABrowser() {
        browser = Browser.start();
        if (signsIn()) {
            signIn(TestAccounts.USERNAME, TestAccounts.PASSWORD);
        }
    }

    /** Whether each test starts signed in as the tester (an admin); a first start has nobody to sign in as. */
    protected boolean signsIn() {
        return true;
    }

    /** Signs in through the sign-in page, as a person would. */
    protected void signIn(String username, String password) {
        open("/login");
        var driver = browser.driver();
        driver.findElement(org.openqa.selenium.By.name("username")).sendKeys(username);
        driver.findElement(org.openqa.selenium.By.name("password")).sendKeys(password);
        driver.findElement(org.openqa.selenium.By.cssSelector("button[type=submit]"))
                .click();
        browser.waiting(10).until(page -> !page.getCurrentUrl().contains("/login"));
    }

    @AfterEach
    void closeTheBrowser() {
        browser.close();
    }

    /** The application's API on this test's port. */
    protected LocalApi api() {
        return new LocalApi(port);
    }

    /** Opens {@code path} of the application. */
    protected void open(String path) {
        browser.driver().get(api().url(path));
    }

    /**
     * Every point of every chart on the page that lies outside its chart's axes, as "chart: dataset (x, y)": unzoomed,
     * a chart must hold every point it has (DESIGN.md §7).
     */
    protected List<?> pointsOffTheirAxes() {
        return (List<?>) script("""
                return Object.values(Chart.instances).flatMap(chart => {
                  const { x, y } = chart.scales;
                  return chart.data.datasets.flatMap(set => set.data
                    .filter(p => p.y !== null && p.x !== null
                      && (p.x < x.min || p.x > x.max || p.y < y.min || p.y > y.max))
                    .map(p => `${chart.canvas.id}: ${set.label} (${p.x}, ${p.y})`));
                })""");
    }

    /** Runs {@code code} in the page and answers its result. */
    protected Object script(String code) {
        return browser.driver().executeScript(code);
    }
}
