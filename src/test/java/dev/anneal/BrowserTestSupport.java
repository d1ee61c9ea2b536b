package dev.anneal;

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

    /** Runs {@code code} in the page and answers its result. */
    protected Object script(String code) {
        return browser.driver().executeScript(code);
    }
}
