package dev.anneal.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Behind a reverse proxy on this machine, named in ANNEAL_TRUSTED_PROXIES as docs/security.md's nginx example does:
 * its X-Forwarded-* headers are the browser's, so a session cookie is Secure when the browser came by HTTPS.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "ANNEAL_TRUSTED_PROXIES=127\\\\.0\\\\.0\\\\.1|0:0:0:0:0:0:0:1")
@ActiveProfiles("test")
class TrustedProxyTests {

    @LocalServerPort
    private int port;

    @Test
    void shouldMarkTheSessionCookieSecureWhenTheTrustedProxySaysTheBrowserCameByHttps() throws Exception {
        var direct = signInPage(null);
        var proxied = signInPage("https");

        assertThat(direct.headers().firstValue("Set-Cookie"))
                .hasValueSatisfying(cookie -> assertThat(cookie).doesNotContain("Secure"));
        assertThat(proxied.headers().firstValue("Set-Cookie"))
                .hasValueSatisfying(
                        cookie -> assertThat(cookie).contains("Secure").contains("HttpOnly"));
    }

    /** The sign-in page, which starts a session for its CSRF token; through the proxy if a scheme is given. */
    private HttpResponse<String> signInPage(String forwardedProto) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"));
        if (forwardedProto != null) {
            request.header("X-Forwarded-Proto", forwardedProto);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
