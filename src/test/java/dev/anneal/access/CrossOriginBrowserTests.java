package dev.anneal.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.anneal.BrowserTestSupport;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * A page from another origin (a second local server, on another port) posts a hidden form to cancel a signed-in
 * user's run, as a malicious page would: the browser sends the session's cookie, but not the CSRF token only
 * Anneal's own pages hold, and the run is left as it was.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "db-scheduler.enabled=false")
@ActiveProfiles("test")
class CrossOriginBrowserTests extends BrowserTestSupport {

    @Autowired
    private dev.anneal.run.Runs runs;

    @Test
    void shouldRefuseACancelPostedByAPageFromAnotherOrigin() throws Exception {
        String id = api().launch("""
                {"name": "a researcher's run", "schedule": {"base_lr": 0.1, "t_max": 5}}""");
        var other = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        String page = """
                <!DOCTYPE html><html><body>
                <form method="post" action="%s"><button id="go" type="submit">Win a prize</button></form>
                </body></html>""".formatted(api().url("/api/runs/" + id + "/cancel"));
        other.createContext("/", exchange -> {
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        other.start();
        try {
            browser.driver().get("http://localhost:" + other.getAddress().getPort() + "/");
            browser.driver().findElement(By.id("go")).click();
            browser.waiting(10).until(driver -> driver.getCurrentUrl().endsWith("/cancel"));

            assertThat(browser.driver().findElement(By.tagName("body")).getText())
                    .contains("403");
            assertThat(runs.get(java.util.UUID.fromString(id)).status()).isEqualTo(dev.anneal.run.RunStatus.QUEUED);
        } finally {
            other.stop(0);
        }
    }
}
