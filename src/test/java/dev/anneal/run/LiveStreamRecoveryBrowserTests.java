package dev.anneal.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anneal.BrowserTestSupport;
import dev.anneal.access.TestAccounts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A run's page goes on following the run after the database could not serve its stream for a while: the stream
 * breaks, the browser's reconnection is refused with a 503 (EventSource then gives up for good), and the page opens a
 * new stream by itself once the database answers. The database is made unable to answer by a lock on the run table
 * that the test holds past the web statement timeout.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"db-scheduler.enabled=false", "anneal.database.web.statement-timeout=1s"})
@ActiveProfiles("test")
class LiveStreamRecoveryBrowserTests extends BrowserTestSupport {

    /** Longer than a broken stream, EventSource's reconnection (about 3 s) and its refusal take together. */
    private static final long LOCKED_MILLIS = 10_000;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private PlatformTransactionManager transactions;

    @Test
    void shouldFollowTheRunAgainOnceTheDatabaseAnswers() throws Exception {
        String id = api().launch("{\"name\": \"waits for a worker\", \"schedule\": {\"base_lr\": 0.1, \"t_max\": 10}}");
        open("/runs/" + id);
        browser.waiting(10).until(ExpectedConditions.textToBe(By.cssSelector("[data-role=status]"), "queued"));
        script("window.notReloaded = true");
        Thread.sleep(2_000); // the stream is open and has sent its first update

        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            jdbc.execute("lock table run in access exclusive mode");
            pause(LOCKED_MILLIS);
            status.setRollbackOnly();
        });
        cancel(id);

        browser.waiting(20).until(ExpectedConditions.textToBe(By.cssSelector("[data-role=status]"), "cancelled"));
        assertThat(script("return window.notReloaded"))
                .as("followed by a new stream, not a reload")
                .isEqualTo(true);
    }

    private void cancel(String id) throws Exception {
        var response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(api().url("/api/runs/" + id + "/cancel")))
                                .header("Authorization", TestAccounts.bearer())
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
