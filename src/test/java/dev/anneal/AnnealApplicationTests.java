package dev.anneal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anneal.access.TestAccounts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.test.context.ActiveProfiles;

/** The whole application on a real port, over real HTTP, on its embedded PostgreSQL. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class AnnealApplicationTests {

    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

    @LocalServerPort
    private int port;

    @Autowired
    private Environment environment;

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", TestAccounts.bearer())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldOpenOnTheRunsTableUnderAStrictContentSecurityPolicy() throws Exception {
        var response = get("/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("<h1>Runs</h1>")
                .contains("href=\"/swagger-ui.html\"")
                .contains("src=\"/js/boot.js\"")
                .doesNotContain("<script>") // no inline scripts: every script has a src
                .doesNotContain("style=\"");
        assertThat(response.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(policy -> assertThat(policy)
                        .contains("script-src 'self'")
                        .contains("style-src 'self'")
                        .doesNotContain("unsafe-inline"));
    }

    @Test
    void shouldAnswerAnUnknownPageWithAnErrorPageInTheLayout() throws Exception {
        var response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/no/such/page"))
                        .header("Authorization", TestAccounts.bearer())
                        .header("Accept", "text/html")
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body())
                .contains("<h1>404</h1>")
                .contains("/no/such/page")
                .contains("class=\"top\"");
    }

    @Test
    void shouldServeTheBrowserModulesFromTheFrontendFolder() throws Exception {
        assertThat(get("/js/health.js").body()).contains("export function summariseHealth");
        assertThat(get("/css/anneal.css").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldServeTheChartLibrariesAtUrlsWithoutVersions() throws Exception {
        // the templates name no versions (the WebJars locator finds them); pages are served with the resolved URLs; the
        // run pages load the libraries through the charts fragment
        for (String page : List.of("fragments/charts", "compare", "launch")) {
            try (var template = getClass().getResourceAsStream("/templates/" + page + ".html")) {
                assertThat(new String(template.readAllBytes(), StandardCharsets.UTF_8))
                        .as(page)
                        .contains("/webjars/chart.js/dist/chart.umd.js")
                        .doesNotContainPattern("/webjars/[^\"]*/\\d+\\.\\d+\\.\\d+/");
            }
        }
        for (String library : List.of(
                "/webjars/chart.js/dist/chart.umd.js",
                "/webjars/hammerjs/hammer.min.js",
                "/webjars/chartjs-plugin-zoom/dist/chartjs-plugin-zoom.min.js",
                "/webjars/chartjs-plugin-annotation/dist/chartjs-plugin-annotation.min.js")) {
            var response = get(library);
            assertThat(response.statusCode()).as(library).isEqualTo(200);
            assertThat(response.body()).as(library).isNotBlank();
        }
        var served = java.util.regex.Pattern.compile("src=\"(/webjars/chart\\.js/[^\"]+)\"")
                .matcher(get("/runs/new").body());
        assertThat(served.find()).isTrue();
        assertThat(get(served.group(1)).statusCode()).as(served.group(1)).isEqualTo(200);
    }

    @Test
    void shouldGiveOneWorkerSlotOnAMachineWithoutGpus() {
        // the test machines have no GPU; with N GPUs the default is N slots
        assertThat(environment.getProperty("anneal.default-worker-slots", Integer.class))
                .isEqualTo(1);
        assertThat(environment.getProperty("db-scheduler.threads", Integer.class))
                .isEqualTo(1);
    }

    @Test
    void shouldReportHealthUpIncludingTheDatabase() throws Exception {
        var response = get("/actuator/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"status\":\"UP\"")
                .contains("\"db\":{\"components\":{\"background\":{\"status\":\"UP\"},\"web\":{\"status\":\"UP\"}}");
    }

    @Test
    void shouldBelieveNoProxyHeaderFromAPeerNotConfiguredAsAProxy() throws Exception {
        HttpResponse<String> direct = signInPage(null);
        HttpResponse<String> claimed = signInPage("https"); // from 127.0.0.1, which ANNEAL_TRUSTED_PROXIES leaves out

        assertThat(direct.headers().firstValue("Set-Cookie"))
                .hasValueSatisfying(cookie -> assertThat(cookie)
                        .contains("HttpOnly")
                        .contains("SameSite=Lax")
                        .doesNotContain("Secure"));
        assertThat(claimed.headers().firstValue("Set-Cookie"))
                .hasValueSatisfying(cookie -> assertThat(cookie).doesNotContain("Secure"));
    }

    /** The sign-in page, which starts a session for its CSRF token; through a proxy on this machine if a scheme is given. */
    private HttpResponse<String> signInPage(String forwardedProto) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"));
        if (forwardedProto != null) {
            request.header("X-Forwarded-Proto", forwardedProto);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldDocumentTheApiWithSwaggerUi() throws Exception {
        assertThat(get("/swagger-ui.html").body()).contains("Swagger UI");
        assertThat(get("/v3/api-docs").body()).contains("/api/schedules/preview");
    }

    @Test
    void shouldAnswerAnUnknownApiPathWithAProblem() throws Exception {
        var response = get("/api/nothing-here");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void shouldRefuseAnOversizedBodySentWithoutALength() throws Exception {
        byte[] body = ("{\"schedule\":{\"base_lr\":0.1,\"t_max\":10},\"at\":[" + "1.0,".repeat(2_000_000) + "1]}")
                .getBytes(StandardCharsets.UTF_8);
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/schedules/preview"))
                .header("Authorization", TestAccounts.bearer())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))) // chunked
                .build();

        var response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("larger than the 4194304 bytes");
    }
}
