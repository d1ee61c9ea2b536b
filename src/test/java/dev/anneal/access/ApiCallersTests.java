package dev.anneal.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anneal.LocalApi;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a script, a CI job or a curl line is told over real HTTP: how to authenticate when it did not, in UTF-8 and
 * with the pages' security headers; a refusal that names a token's scope; no session for a request that brought its
 * own credentials, and no session riding along with credentials that authenticate nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
class ApiCallersTests {

    private static final String PREVIEW = """
            {"schedule": {"base_lr": 0.1, "eta_min": 0.001, "t_max": 10, "t_mult": 2}, "total_steps": 40}""";

    @LocalServerPort
    private int port;

    @Autowired
    private JsonMapper json;

    @Autowired
    private Users users;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(URI.create(new LocalApi(port).url(path)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(new LocalApi(port).url(path)));
    }

    private static String basic(String username, String secret) {
        return "Basic "
                + Base64.getEncoder().encodeToString((username + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private String token(String username, String password, String scope) throws Exception {
        var issued = send(post("/api/tokens", """
                        {"name": "t", "scope": "%s"}""".formatted(scope)).header("Authorization", basic(username, password)));
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        return json.readTree(issued.body()).get("token").asString();
    }

    @Test
    void shouldTellAnAnonymousCallerHowToAuthenticateRatherThanBlameACsrfToken() throws Exception {
        var answer = send(post("/api/schedules/preview", PREVIEW));

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(value -> assertThat(value).contains("Bearer"));
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json;charset=UTF-8");
        assertThat(answer.headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(answer.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(json.readTree(answer.body()).get("detail").asString())
                .isEqualTo("this call needs a signed-in user or an API token (Authorization: Bearer anl_…)");
    }

    @Test
    void shouldAnswerReadmesPreviewWithATokenAndGiveATokenCallNoSession() throws Exception {
        var bearer = send(post("/api/schedules/preview", PREVIEW).header("Authorization", TestAccounts.bearer()));
        var basic = send(get("/api/runs").header("Authorization", basic("anyone", TestAccounts.TOKEN)));

        assertThat(bearer.statusCode()).isEqualTo(200);
        assertThat(json.readTree(bearer.body()).get("points")).hasSize(40);
        assertThat(basic.statusCode()).isEqualTo(200);
        assertThat(bearer.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(basic.headers().allValues("Set-Cookie")).isEmpty();
    }

    /** A browser of its own, signed in as {@code username} with the form; asserts that it worked. */
    private HttpClient browserOf(String username, String password) throws Exception {
        var browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        var signedIn = signIn(browser, username, password);
        assertThat(signedIn.headers().firstValue("Location"))
                .hasValueSatisfying(to -> assertThat(to).doesNotContain("error"));
        return browser;
    }

    private HttpResponse<String> signIn(HttpClient browser, String username, String password) throws Exception {
        var form = browser.send(get("/login").build(), HttpResponse.BodyHandlers.ofString());
        var csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
        assertThat(csrf.find()).isTrue();
        return browser.send(
                HttpRequest.newBuilder(URI.create(new LocalApi(port).url("/login")))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("username=" + username + "&password="
                                + java.net.URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf="
                                + csrf.group(1)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The page's CSRF token, as api.js reads it from the page's meta tag. */
    private String csrfOf(HttpClient browser) throws Exception {
        var page = browser.send(get("/profile").build(), HttpResponse.BodyHandlers.ofString())
                .body();
        var token = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"").matcher(page);
        assertThat(token.find()).as(page).isTrue();
        return token.group(1);
    }

    private HttpResponse<String> changePassword(HttpClient browser, String current, String next) throws Exception {
        return browser.send(
                post("/api/account/password", """
                                {"current_password": "%s", "new_password": "%s"}""".formatted(current, next))
                        .header("X-CSRF-TOKEN", csrfOf(browser))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private int status(HttpClient browser, String path) throws Exception {
        return browser.send(get(path).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    @Test
    void shouldChangeOnesOwnPasswordEndingOnlyTheOtherSessions(CapturedOutput output) throws Exception {
        String name = "changer-" + System.nanoTime();
        users.create(name, "the first long password", Role.MEMBER);
        var here = browserOf(name, "the first long password");
        var elsewhere = browserOf(name, "the first long password");

        var wrong = changePassword(here, "not my password at all", "the second long password");
        var changed = changePassword(here, "the first long password", "the second long password");

        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(json.readTree(wrong.body()).get("errors").get(0).get("field").asString())
                .isEqualTo("current_password");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(204);
        assertThat(status(here, "/api/runs"))
                .as("the session it was changed from goes on")
                .isEqualTo(200);
        assertThat(status(elsewhere, "/api/runs"))
                .as("every other session ends")
                .isEqualTo(401);
        assertThat(signIn(
                                HttpClient.newBuilder()
                                        .cookieHandler(new CookieManager())
                                        .build(),
                                name,
                                "the first long password")
                        .headers()
                        .firstValue("Location"))
                .hasValueSatisfying(to -> assertThat(to).contains("error"));
        browserOf(name, "the second long password");
        var byToken = send(post("/api/account/password", """
                        {"current_password": "x", "new_password": "y"}""").header("Authorization", TestAccounts.bearer()));
        assertThat(byToken.statusCode()).isEqualTo(403);
        assertThat(output.getOut()).contains(name + " changed their password; their other sessions ended");
    }

    @Test
    void shouldMakeAUserWhosePasswordAnAdminResetChooseANewOneFirst(CapturedOutput output) throws Exception {
        String name = "reset-" + System.nanoTime();
        users.create(name, "the first long password", Role.MEMBER);
        var before = browserOf(name, "the first long password");

        var reset = send(post("/api/users/" + name + "/password", """
                        {"new_password": "the admin's long password"}""").header("Authorization", TestAccounts.bearer()));
        var browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        var signedIn = signIn(browser, name, "the admin's long password");

        assertThat(reset.statusCode()).as(reset.body()).isEqualTo(204);
        assertThat(status(before, "/api/runs")).as("sessions end at the reset").isEqualTo(401);
        assertThat(signedIn.headers().firstValue("Location"))
                .hasValueSatisfying(to -> assertThat(to).endsWith("/profile?change-password"));
        assertThat(status(browser, "/api/runs")).isEqualTo(403);
        assertThat(status(browser, "/"))
                .as("a page sends them to their profile")
                .isEqualTo(302);
        assertThat(changePassword(browser, "the admin's long password", "my own long password")
                        .statusCode())
                .isEqualTo(204);
        assertThat(status(browser, "/api/runs")).isEqualTo(200);
        assertThat(output.getOut()).contains("reset the password of " + name);
    }

    @Test
    void shouldTellAViewerRefusedAPageWhatIsMissing() throws Exception {
        String name = "refused-" + System.nanoTime();
        users.create(name, "a viewer's long password", Role.VIEWER);
        var viewer = browserOf(name, "a viewer's long password");

        var page = viewer.send(
                get("/runs/new").header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("needs the member role; " + name + " has [viewer]");
    }

    @Test
    void shouldNotLetASessionRideAlongWithAHeaderThatAuthenticatesNothing() throws Exception {
        var browser = browserOf(TestAccounts.USERNAME, TestAccounts.PASSWORD);

        // the session's cookie, no CSRF token, and an Authorization header that authenticates no one
        var forged = browser.send(
                post("/api/schedules/preview", PREVIEW)
                        .header("Authorization", "Bearer anl_not-a-token")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        var sessionOnly = browser.send(get("/api/runs").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(sessionOnly.statusCode())
                .as("the session itself still works")
                .isEqualTo(200);
    }

    @Test
    void shouldNameATokensScopeWhenItRefusesAndLetNoReadTokenRevoke() throws Exception {
        String read = token(TestAccounts.USERNAME, TestAccounts.PASSWORD, "read");
        var writeToken = send(post("/api/tokens", """
                        {"name": "w", "scope": "write"}""").header("Authorization", TestAccounts.basic()));
        String writeId = json.readTree(writeToken.body()).get("id").asString();

        var launch = send(post("/api/runs", """
                        {"schedule": {"base_lr": 0.1, "t_max": 1}}""").header("Authorization", "Bearer " + read));
        var revoke = send(HttpRequest.newBuilder(URI.create(new LocalApi(port).url("/api/tokens/" + writeId)))
                .header("Authorization", "Bearer " + read)
                .DELETE());

        assertThat(launch.statusCode()).isEqualTo(403);
        assertThat(json.readTree(launch.body()).get("detail").asString())
                .endsWith("needs a write token; this is a read token of tester, which only reads");
        assertThat(revoke.statusCode()).isEqualTo(403);
        assertThat(json.readTree(revoke.body()).get("detail").asString())
                .isEqualTo("a read token only reads: revoke tokens signed in, or with a write token");
        var stillWorks = send(get("/api/runs")
                .header(
                        "Authorization",
                        "Bearer "
                                + json.readTree(writeToken.body()).get("token").asString()));
        assertThat(stillWorks.statusCode()).isEqualTo(200);
    }

    @Test
    void shouldOfferAViewerReadTokensOnly() throws Exception {
        String viewer = "viewer-" + System.nanoTime();
        users.create(viewer, "a viewer's long password", Role.VIEWER);

        var write = send(post("/api/tokens", """
                        {"name": "w", "scope": "write"}""").header("Authorization", basic(viewer, "a viewer's long password")));

        assertThat(write.statusCode()).isEqualTo(400);
        assertThat(json.readTree(write.body()).get("errors").get(0).get("field").asString())
                .isEqualTo("scope");
        assertThat(token(viewer, "a viewer's long password", "read")).startsWith("anl_");
    }

    @Test
    void shouldTakeAPasswordOnlyForATokenNotOnPagesOrTheActuator() throws Exception {
        for (String path : new String[] {"/", "/actuator/health", "/api/runs"}) {
            var answer = send(get(path).header("Authorization", TestAccounts.basic()));
            assertThat(answer.statusCode()).as(path).isEqualTo(401);
        }
    }

    @Test
    void shouldDescribeTheApiWithItsBuildAndATokenToAuthorizeWith() throws Exception {
        var docs = json.readTree(send(get("/v3/api-docs").header("Authorization", TestAccounts.bearer()))
                .body());

        assertThat(docs.get("info").get("title").asString()).isEqualTo("Anneal API");
        assertThat(docs.get("info").get("version").asString()).isNotBlank();
        assertThat(docs.get("components")
                        .get("securitySchemes")
                        .get("api-token")
                        .get("scheme")
                        .asString())
                .isEqualTo("bearer");
        assertThat(docs.get("security").get(0).has("api-token")).isTrue();
    }

    @Test
    void shouldAnswerASweepPagesBadAddressWithAPage() throws Exception {
        var answer = send(get("/sweeps/not-a-sweep").header("Authorization", TestAccounts.bearer()));

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(answer.body()).contains("id must be a UUID but was not-a-sweep");
    }

    @Test
    void shouldBelieveNoForwardedHeadersFromAnUntrustedPeer(CapturedOutput output) throws Exception {
        var page = send(get("/runs/new")
                .header("X-Forwarded-Host", "evil.example")
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-For", "203.0.113.9"));
        var guess = send(post("/api/tokens", "{}")
                .header("X-Forwarded-For", "203.0.113.9")
                .header("Authorization", basic("nobody-" + System.nanoTime() + "\nforged line", "wrong")));

        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location"))
                .hasValueSatisfying(
                        to -> assertThat(to).doesNotContain("evil.example").startsWith("http://localhost:" + port));
        assertThat(guess.statusCode()).isEqualTo(401);
        assertThat(output.getOut())
                .contains("forged line from 127.0.0.1 refused")
                .contains("\\nforged line")
                .doesNotContain("203.0.113.9");
    }

    @Test
    void shouldAnswerTheErrorPathAsAPathWithNothingAtIt() throws Exception {
        assertThat(send(get("/error").header("Authorization", TestAccounts.bearer()))
                        .statusCode())
                .isEqualTo(404);
        assertThat(send(get("/error")).statusCode()).isIn(401, 404);
    }
}
