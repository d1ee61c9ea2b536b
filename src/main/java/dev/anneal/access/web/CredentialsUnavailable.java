package dev.anneal.access.web;

import dev.anneal.access.AccessRules;
import dev.anneal.database.DatabaseOutages;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A request whose credentials could not be checked because the database cannot serve it now: answered as every
 * such request is (503 with {@code Retry-After}), not as a failure of the server. Spring Security's bearer filter
 * lets this one exception through rather than calling it a bad token, rightly; this filter, just before it, gives
 * it its answer.
 */
class CredentialsUnavailable extends OncePerRequestFilter {

    private static final String WORDS = "The database is unreachable or busy; try again in a few seconds.";

    private final ApiProblems problems;

    CredentialsUnavailable(ApiProblems problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (AuthenticationServiceException e) {
            if (!DatabaseOutages.isUnavailable(e) || response.isCommitted()) {
                throw e;
            }
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(DatabaseOutages.RETRY_AFTER.toSeconds()));
            if (AccessRules.isApi(request.getRequestURI())) {
                problems.write(
                        request, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Database unavailable", WORDS);
                return;
            }
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setContentType(MediaType.TEXT_HTML_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter()
                    .write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>503 — Anneal</title>"
                            + "<link rel=\"stylesheet\" href=\"/css/anneal.css\"></head><body><main class=\"page"
                            + " error-page\"><h1>503</h1><p>The database is unreachable or busy: reload the page in a"
                            + " few seconds.</p></main></body></html>");
        }
    }
}
