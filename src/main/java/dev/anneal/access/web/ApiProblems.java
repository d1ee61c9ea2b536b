package dev.anneal.access.web;

import dev.anneal.access.AccessRule;
import dev.anneal.access.AccessRules;
import dev.anneal.access.Actor;
import dev.anneal.access.TokenScope;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a refused request is told. The API: 401 with {@code WWW-Authenticate} and problem details saying why the
 * credentials did not do (a revoked token, a mistyped one), or 403 saying what was missing ("launching a run needs
 * the member role"). A page: the error page with the same words.
 */
@Component
class ApiProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final JsonMapper json;

    ApiProblems(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer realm=\"anneal\", Basic realm=\"anneal\"");
        String detail = e.getMessage() == null || e.getMessage().startsWith("Full authentication")
                ? "this call needs a signed-in user or an API token (Authorization: Bearer anl_…)"
                : e.getMessage();
        write(request, response, HttpServletResponse.SC_UNAUTHORIZED, "Sign-in needed", detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        write(request, response, HttpServletResponse.SC_FORBIDDEN, "Not allowed", reason(request, e));
    }

    /** A refusal of our own says why; one by the rules says what the request needs and what the caller has. */
    private static String reason(HttpServletRequest request, AccessDeniedException e) {
        if (!(e instanceof AuthorizationDeniedException)
                && e.getMessage() != null
                && !e.getMessage().isBlank()) {
            return e.getMessage();
        }
        var caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller != null && Actor.scopeOf(caller.getAuthorities()) == TokenScope.READ) {
            // the role is the token's, not the user's: blaming the user's role would send them to an admin for nothing
            return ruleFor(request)
                    .map(rule -> "%s needs a write token; this is a read token of %s, which only reads"
                            .formatted(rule.why(), caller.getName()))
                    .orElse("this is a read token of %s, which only reads".formatted(caller.getName()));
        }
        String who = caller == null
                ? "you are not signed in"
                : "%s has %s"
                        .formatted(
                                caller.getName(),
                                caller.getAuthorities().stream()
                                        .map(a -> a.getAuthority())
                                        .filter(authority -> authority.startsWith("ROLE_"))
                                        .map(authority ->
                                                authority.replace("ROLE_", "").toLowerCase(Locale.ROOT))
                                        .sorted()
                                        .toList());
        return ruleFor(request)
                .map(rule -> "%s needs the %s role; %s"
                        .formatted(rule.why(), rule.requirement().name().toLowerCase(Locale.ROOT), who))
                .orElse("no rule lets this request through; " + who);
    }

    private static Optional<AccessRule> ruleFor(HttpServletRequest request) {
        return AccessRules.ALL.stream()
                .filter(rule -> (rule.method() == null
                                ? PathPatternRequestMatcher.withDefaults().matcher(rule.pattern())
                                : PathPatternRequestMatcher.withDefaults()
                                        .matcher(HttpMethod.valueOf(rule.method()), rule.pattern()))
                        .matches(request))
                .findFirst();
    }

    /** Answers with {@code status}: problem details for the API, the error page for a page. */
    void write(HttpServletRequest request, HttpServletResponse response, int status, String title, String detail)
            throws IOException {
        if (!AccessRules.isApi(request.getRequestURI())) {
            response.sendError(status, detail); // the error page, in the layout
            return;
        }
        var problem = new LinkedHashMap<String, Object>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        response.setStatus(status);
        response.setCharacterEncoding(StandardCharsets.UTF_8);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getWriter().write(json.writeValueAsString(problem));
    }
}
