package dev.anneal.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anneal.LocalApi;
import dev.anneal.access.TestAccounts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Web requests and background work draw from separate pools, and a request never hangs on a database that cannot
 * answer: past the web statement timeout, or with no web connection free within the wait, it gets a 503 problem (or
 * error page) with {@code Retry-After}. The database is made slow by a table lock that the test holds from the
 * background pool.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "db-scheduler.enabled=false",
            "anneal.database.web.pool-size=1",
            "anneal.database.web.connection-timeout=250ms",
            "anneal.database.web.statement-timeout=3s"
        })
@ActiveProfiles("test")
class DatabasePoolsTests {

    @LocalServerPort
    private int port;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private PlatformTransactionManager transactions;

    private final HttpClient http = HttpClient.newHttpClient();
    private String runId;

    @BeforeEach
    void launchRun() throws Exception {
        runId = new LocalApi(port).launch("{\"schedule\": {\"base_lr\": 0.1, \"t_max\": 10}}");
    }

    @Test
    void shouldAnswer503WhenARequestsStatementRunsPastTheTimeout() {
        var response = whileRunTableLocked(() -> get("/api/runs/" + runId).join());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body())
                .contains("\"title\":\"Database unavailable\"")
                .contains("took too long to answer");
    }

    @Test
    void shouldAnswer503AtOnceWhenNoWebConnectionIsFree() {
        var responses = whileRunTableLocked(() -> {
            var holder = get("/api/runs/" + runId); // holds the only web connection, waiting on the lock
            pause(500);
            var api = get("/api/runs").join();
            var page = get("/runs/" + runId).join();
            holder.join();
            return new HttpResponse<?>[] {api, page};
        });

        var api = responses[0];
        assertThat(api.statusCode()).isEqualTo(503);
        assertThat(api.headers().firstValue("Retry-After")).hasValue("5");
        assertThat((String) api.body()).contains("unreachable or busy");
        var page = responses[1];
        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(page.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat((String) page.body()).contains("reload the page in a few seconds");
    }

    @Test
    void shouldServeBackgroundWorkFromItsOwnPoolWithoutTheWebTimeout() {
        var held = whileRunTableLocked(() -> {
            var holder = get("/api/runs/" + runId); // the web pool is exhausted meanwhile
            pause(500);
            // the test's thread is no web request: background work still gets a connection, and no 3 s limit
            jdbc.queryForObject("select pg_sleep(3.5)", Object.class);
            return holder.join();
        });

        assertThat(held.statusCode()).isEqualTo(503);
        assertThat(jdbc.queryForObject("show statement_timeout", String.class)).isEqualTo("0");
        assertThat(jdbcOnTheWebPool()).isEqualTo("3s");
    }

    @Test
    void shouldAnswerAgainOnceTheDatabaseIs() {
        whileRunTableLocked(() -> get("/api/runs/" + runId).join());

        assertThat(get("/api/runs/" + runId).join().statusCode()).isEqualTo(200);
    }

    private String jdbcOnTheWebPool() {
        var timeout = new String[1];
        Readers.run(() -> timeout[0] = jdbc.queryForObject("show statement_timeout", String.class));
        return timeout[0];
    }

    /** Runs {@code work} while a background transaction holds the run table in access-exclusive mode. */
    private <T> T whileRunTableLocked(java.util.function.Supplier<T> work) {
        var transaction = new TransactionTemplate(transactions);
        return transaction.execute(status -> {
            jdbc.execute("lock table run in access exclusive mode");
            try {
                return work.get();
            } finally {
                status.setRollbackOnly();
            }
        });
    }

    private CompletableFuture<HttpResponse<String>> get(String path) {
        return http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", TestAccounts.bearer())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
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
