package dev.anneal.access.web;

import dev.anneal.access.Actor;
import dev.anneal.access.ApiToken;
import dev.anneal.access.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * What the server's log says about access, for whoever runs Anneal: each sign-in and each failed one (with the
 * address it came from), a refused token (why, never the token), and who created or changed which user and which
 * token (by its prefix). Never a password, never a token's text.
 */
@Component
class AccessLog {

    private static final Logger log = LoggerFactory.getLogger(AccessLog.class);

    @EventListener
    void signedIn(InteractiveAuthenticationSuccessEvent event) {
        log.info(
                "{} signed in from {}",
                event.getAuthentication().getName(),
                from(event.getAuthentication().getDetails()));
    }

    @EventListener
    void refused(AbstractAuthenticationFailureEvent event) {
        var attempt = event.getAuthentication();
        if (attempt instanceof UsernamePasswordAuthenticationToken) {
            // a password or a token as Basic password: the name is what was typed; the credentials are never logged
            log.warn(
                    "Sign-in as {} from {} refused: {}",
                    attempt.getName(),
                    from(attempt.getDetails()),
                    event.getException().getMessage());
        } else {
            // a bearer token: its "name" is the token itself, so only the reason is told
            log.warn(
                    "A token from {} was refused: {}",
                    from(attempt.getDetails()),
                    event.getException().getMessage());
        }
    }

    void userCreated(Actor actor, User user) {
        log.info(
                "{} created the user {} ({})",
                actor.username(),
                user.username(),
                user.role().apiName());
    }

    void userChanged(Actor actor, User user) {
        log.info(
                "{} changed the user {}: {}{}",
                actor.username(),
                user.username(),
                user.role().apiName(),
                user.disabled() ? ", disabled" : "");
    }

    void tokenIssued(Actor actor, ApiToken token) {
        log.info(
                "{} issued the {} token {}… ({}) of {}, expiring {}",
                actor.username(),
                token.scope().apiName(),
                token.prefix(),
                token.name(),
                token.owner(),
                token.expiresAt());
    }

    void tokenRevoked(Actor actor, ApiToken token) {
        log.info("{} revoked the token {}… ({}) of {}", actor.username(), token.prefix(), token.name(), token.owner());
    }

    private static String from(Object details) {
        return details instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : "an unknown address";
    }
}
