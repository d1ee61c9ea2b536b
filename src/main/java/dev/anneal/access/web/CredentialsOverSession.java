package dev.anneal.access.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * Where a request's sign-in comes from: its own credentials when it sends an {@code Authorization} header, otherwise
 * its session. A request with a header is judged by the header alone: one the header does not authenticate is not
 * signed in through the session cookie beside it, so skipping CSRF for such requests cannot let a forged one ride a
 * session; and its sign-in is never stored in a session, so a script gets no session cookie.
 */
final class CredentialsOverSession implements SecurityContextRepository {

    private final SecurityContextRepository perRequest = new RequestAttributeSecurityContextRepository();
    private final SecurityContextRepository withSession =
            new DelegatingSecurityContextRepository(perRequest, new HttpSessionSecurityContextRepository());

    /** Whether the request brings its own credentials, which no other site can make a browser send. */
    static boolean carriesCredentials(HttpServletRequest request) {
        return request.getHeader("Authorization") != null;
    }

    private SecurityContextRepository of(HttpServletRequest request) {
        return carriesCredentials(request) ? perRequest : withSession;
    }

    @Override
    @SuppressWarnings("deprecation") // the interface's older method; Spring Security calls loadDeferredContext
    public SecurityContext loadContext(org.springframework.security.web.context.HttpRequestResponseHolder holder) {
        return carriesCredentials(holder.getRequest())
                ? SecurityContextHolder.createEmptyContext()
                : withSession.loadContext(holder);
    }

    @Override
    public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
        return of(request).loadDeferredContext(request);
    }

    @Override
    public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
        of(request).saveContext(context, request, response);
    }

    @Override
    public boolean containsContext(HttpServletRequest request) {
        return of(request).containsContext(request);
    }
}
