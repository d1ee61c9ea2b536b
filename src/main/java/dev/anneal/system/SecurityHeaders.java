package dev.anneal.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Headers that keep every page to what it was written to do. The Content-Security-Policy allows scripts, styles and
 * connections from Anneal itself only, with no {@code unsafe-inline}: pages carry no inline scripts, styles or data
 * (they fetch their data from the API), so a name or a tag that smuggled markup past the escaping still could not run.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE) // before Spring Security's filters, so their own refusals carry the headers too
class SecurityHeaders extends OncePerRequestFilter {

    static final String CONTENT_SECURITY_POLICY = policy("style-src 'self'");

    /**
     * Swagger UI's bundle applies one inline style of its own; this hash allows exactly that style on its pages and
     * nothing else (SwaggerUiBrowserTests fails if an upgrade changes it).
     */
    static final String SWAGGER_UI_POLICY =
            policy("style-src 'self' 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='");

    private static String policy(String styles) {
        return String.join(
                "; ",
                "default-src 'self'",
                "script-src 'self'",
                styles,
                "img-src 'self' data:",
                "font-src 'self'",
                "connect-src 'self'",
                "object-src 'none'",
                "base-uri 'self'",
                "form-action 'self'",
                "frame-ancestors 'none'");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean swaggerUi = request.getRequestURI().startsWith("/swagger-ui/");
        response.setHeader("Content-Security-Policy", swaggerUi ? SWAGGER_UI_POLICY : CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        chain.doFilter(request, response);
    }
}
