package dev.anneal.access.web;

import dev.anneal.access.AccessRules;
import dev.anneal.access.AccountChanged;
import dev.anneal.access.PasswordChanged;
import jakarta.servlet.ServletException;
import java.io.IOException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.web.session.SessionInformationExpiredEvent;
import org.springframework.security.web.session.SessionInformationExpiredStrategy;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.security.SpringSessionBackedSessionRegistry;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Ends the sessions of someone whose role an admin changed or who was disabled: a session holds the role it signed in
 * with, so without this a demoted member could go on launching until the session timed out. Spring Security's session
 * registry knows each user's sessions; the next request of an ended one is asked to sign in again (a page is sent to
 * the sign-in page, an API call gets 401 saying why).
 */
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET) // sessions exist where pages are served
class ChangedAccountSessions implements SessionInformationExpiredStrategy {

    private final SessionRegistry registry;
    private final ApiProblems problems;

    ChangedAccountSessions(FindByIndexNameSessionRepository<? extends Session> sessions, ApiProblems problems) {
        this.registry = new SpringSessionBackedSessionRegistry<>(sessions);
        this.problems = problems;
    }

    /** The sessions of everyone signed in, as Spring Session keeps them in PostgreSQL (shared by web processes). */
    SessionRegistry registry() {
        return registry;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void on(AccountChanged changed) {
        registry.getAllSessions(changed.username(), false).forEach(session -> session.expireNow());
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void on(PasswordChanged changed) {
        registry.getAllSessions(changed.username(), false).stream()
                .filter(session -> !session.getSessionId().equals(changed.keptSession()))
                .forEach(session -> session.expireNow());
    }

    @Override
    public void onExpiredSessionDetected(SessionInformationExpiredEvent event) throws IOException, ServletException {
        var request = event.getRequest();
        var response = event.getResponse();
        if (AccessRules.isApi(request.getRequestURI())) {
            problems.commence(
                    request,
                    response,
                    new InsufficientAuthenticationException(
                            "an admin changed this account since it signed in: sign in again"));
        } else {
            response.sendRedirect(request.getContextPath() + "/login?account-changed");
        }
    }
}
