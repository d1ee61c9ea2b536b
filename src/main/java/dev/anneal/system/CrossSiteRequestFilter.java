package dev.anneal.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses requests that change something (anything but GET, HEAD, OPTIONS) when the browser says they come from
 * another site: {@code Sec-Fetch-Site} other than {@code same-origin} or {@code none} (typed or bookmarked), or,
 * from browsers that do not send it, an {@code Origin} whose host is not this server's. Without it any page a
 * researcher visits could cancel their runs with a hidden form. Clients that are no browser (curl, CI) send neither
 * header and are not affected. Until accounts and CSRF tokens exist, this is what stands between a web page and the
 * API.
 */
@Component
class CrossSiteRequestFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(CrossSiteRequestFilter.class);
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private static final Set<String> OWN_FETCH_SITES = Set.of("same-origin", "none");

    private final JsonMapper json;

    CrossSiteRequestFilter(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return SAFE_METHODS.contains(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var foreign = foreignSource(request);
        if (foreign.isPresent()) {
            log.warn(
                    "Refused {} {} from another site ({})",
                    request.getMethod(),
                    request.getRequestURI(),
                    foreign.get());
            refuse(request, response, foreign.get());
            return;
        }
        chain.doFilter(request, response);
    }

    /** Where the request says it comes from, when that is not this server; empty when it is, or when it says nothing. */
    private static Optional<String> foreignSource(HttpServletRequest request) {
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        if (fetchSite != null) {
            return OWN_FETCH_SITES.contains(fetchSite.toLowerCase(Locale.ROOT))
                    ? Optional.empty()
                    : Optional.of("Sec-Fetch-Site: " + fetchSite);
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null || isThisServer(origin, request)) {
            return Optional.empty();
        }
        return Optional.of("Origin: " + origin);
    }

    /**
     * Whether {@code origin} names the host and port the request was sent to (behind a proxy, as the proxy forwards
     * them: {@code server.forward-headers-strategy}).
     */
    private static boolean isThisServer(String origin, HttpServletRequest request) {
        try {
            var uri = URI.create(origin);
            if (uri.getHost() == null) {
                return false; // "null": a sandboxed frame or a file
            }
            int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
            return uri.getHost().equalsIgnoreCase(request.getServerName()) && port == request.getServerPort();
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String source) throws IOException {
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.FORBIDDEN,
                "%s %s was sent by a page of another site (%s); Anneal acts only on requests from its own pages or"
                                .formatted(request.getMethod(), request.getRequestURI(), source)
                        + " from clients that are no browser");
        problem.setTitle("Cross-site request refused");
        response.setStatus(HttpStatus.FORBIDDEN.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
