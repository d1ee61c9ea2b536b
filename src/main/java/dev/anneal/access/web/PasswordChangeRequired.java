package dev.anneal.access.web;

import dev.anneal.access.AccessRules;
import dev.anneal.access.Users;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A user whose password an admin reset chooses a new one before anything else: signed in with the reset password,
 * their session may reach their profile (where the form is), the call that changes it, and signing out; a page sends
 * them to the profile, an API call is refused saying why. Marked in the session at sign-in, so no request reads the
 * database for it.
 */
class PasswordChangeRequired extends OncePerRequestFilter {

    static final String SESSION_ATTRIBUTE = "anneal.password-change-required";
    static final String PROFILE = "/profile?change-password";

    /** What the profile page itself needs: its assets, the header's health badge, its list of tokens. */
    private static final List<String> ALLOWED = List.of(
            "/profile",
            "/api/account/password",
            "/logout",
            "/login",
            "/css/",
            "/js/",
            "/webjars/",
            "/favicon.svg",
            "/actuator/health");

    private final ApiProblems problems;

    PasswordChangeRequired(ApiProblems problems) {
        this.problems = problems;
    }

    /** Signs in as usual, marking the session and going to the profile when the password must change first. */
    static SavedRequestAwareAuthenticationSuccessHandler onSignIn(Users users) {
        return new SavedRequestAwareAuthenticationSuccessHandler() {
            @Override
            public void onAuthenticationSuccess(
                    HttpServletRequest request, HttpServletResponse response, Authentication authentication)
                    throws ServletException, IOException {
                if (users.mustChangePassword(authentication.getName())) {
                    request.getSession().setAttribute(SESSION_ATTRIBUTE, true);
                    getRedirectStrategy().sendRedirect(request, response, PROFILE);
                    return;
                }
                super.onAuthenticationSuccess(request, response, authentication);
            }
        };
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var session = request.getSession(false);
        if (session == null
                || session.getAttribute(SESSION_ATTRIBUTE) == null
                || allowed(request.getRequestURI())
                || readsTokens(request)) {
            chain.doFilter(request, response);
            return;
        }
        if (AccessRules.isApi(request.getRequestURI())) {
            problems.write(
                    request,
                    response,
                    HttpServletResponse.SC_FORBIDDEN,
                    "Password change needed",
                    "an admin reset your password: choose a new one first (POST /api/account/password, or your"
                            + " profile page)");
            return;
        }
        response.sendRedirect(request.getContextPath() + PROFILE);
    }

    private static boolean readsTokens(HttpServletRequest request) {
        return "GET".equals(request.getMethod()) && "/api/tokens".equals(request.getRequestURI());
    }

    private static boolean allowed(String path) {
        return ALLOWED.stream()
                .anyMatch(prefix -> path.equals(prefix) || prefix.endsWith("/") && path.startsWith(prefix));
    }
}
