package dev.anneal.system;

import dev.anneal.access.AccessRules;
import dev.anneal.database.DatabaseOutages;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * A request the database could not serve before any controller ran: its session (sessions live in PostgreSQL) or its
 * API token could not be read. It is answered as every request the database cannot serve is, 503 with
 * {@code Retry-After} (problem details for the API, a page for people), not as a failure of the server. Spring
 * Security's bearer filter rightly lets such a failure through rather than call the token bad; it ends here.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1) // around Spring Session's filter and the security chain, inside the headers'
class UnavailableDatabaseFilter extends OncePerRequestFilter {

    private final JsonMapper json;

    UnavailableDatabaseFilter(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (RuntimeException | ServletException e) {
            var busy = DatabaseBusy.of(e);
            if (busy.isEmpty() || response.isCommitted()) {
                throw e;
            }
            answer(request, response, busy.get());
        }
    }

    private void answer(HttpServletRequest request, HttpServletResponse response, DatabaseBusy busy)
            throws IOException {
        response.resetBuffer();
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(DatabaseOutages.RETRY_AFTER.toSeconds()));
        response.setCharacterEncoding(StandardCharsets.UTF_8);
        if (AccessRules.isApi(request.getRequestURI())) {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), busy.problem());
            return;
        }
        response.setContentType(MediaType.TEXT_HTML_VALUE);
        response.getWriter()
                .write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>503 — Anneal</title>"
                        + "<link rel=\"stylesheet\" href=\"/css/anneal.css\"></head><body><main class=\"page"
                        + " error-page\"><h1>503</h1><p>The database is unreachable or busy: reload the page in a"
                        + " few seconds.</p></main></body></html>");
    }
}
