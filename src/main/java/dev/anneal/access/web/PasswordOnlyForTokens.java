package dev.anneal.access.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * HTTP Basic with a user's password is for getting a token ({@code POST /api/tokens}) and nothing else: a script
 * that keeps a password to call the API would leak the account, where a leaked token is revoked alone. Basic with a
 * token as the password works everywhere. Pages and the actuator refuse a password too: people sign in with the form.
 */
class PasswordOnlyForTokens extends OncePerRequestFilter {

    private final ApiProblems problems;

    PasswordOnlyForTokens(ApiProblems problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (carriesAPassword(request) && !isTokenRequest(request)) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"anneal\"");
            problems.write(
                    request,
                    response,
                    HttpServletResponse.SC_UNAUTHORIZED,
                    "Sign-in needed",
                    "a password only gets a token (POST /api/tokens); call the API with the token"
                            + " (Authorization: Bearer anl_…)");
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean isTokenRequest(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && "/api/tokens".equals(request.getRequestURI());
    }

    /** Whether the request sends HTTP Basic whose password is no API token. */
    private static boolean carriesAPassword(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        try {
            String pair =
                    new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return colon >= 0 && !pair.substring(colon + 1).startsWith("anl_");
        } catch (IllegalArgumentException e) {
            return false; // not Base64: Spring Security's Basic filter refuses it with its own answer
        }
    }
}
