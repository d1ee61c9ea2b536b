package dev.anneal.access.web;

import dev.anneal.access.Actor;
import dev.anneal.access.ApiToken;
import dev.anneal.access.TokenGuesses;
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
    /** The most of a typed name a log line shows: a name is for people to read, not a place to store a megabyte. */
    static final int SHOWN_NAME = 64;

    private final TokenGuesses guesses;

    AccessLog(TokenGuesses guesses) {
        this.guesses = guesses;
    }

    @EventListener
    void signedIn(InteractiveAuthenticationSuccessEvent event) {
        log.info(
                "{} signed in from {}",
                shown(event.getAuthentication().getName()),
                from(event.getAuthentication().getDetails()));
    }

    @EventListener
    void refused(AbstractAuthenticationFailureEvent event) {
        var attempt = event.getAuthentication();
        String address = from(attempt.getDetails());
        boolean password = attempt instanceof UsernamePasswordAuthenticationToken
                && !(attempt.getCredentials() instanceof String secret && secret.startsWith("anl_"));
        if (password) {
            // the name is what was typed; the password is never logged
            log.warn(
                    "Sign-in as {} from {} refused: {}",
                    shown(attempt.getName()),
                    address,
                    shown(event.getException().getMessage()));
        } else if (guesses.refused(address)) {
            // a token (bearer, or as a Basic password) is never logged, only why it was refused; once a window
            log.warn(
                    "A token from {} was refused: {} (further refusals from there in the next minute go unlogged)",
                    address,
                    shown(event.getException().getMessage()));
        }
    }

    void userCreated(Actor actor, User user) {
        log.info(
                "{} created the user {} ({})",
                actor.username(),
                shown(user.username()),
                user.role().apiName());
    }

    void userChanged(Actor actor, User user) {
        log.info(
                "{} changed the user {}: {}{}",
                actor.username(),
                shown(user.username()),
                user.role().apiName(),
                user.disabled() ? ", disabled" : "");
    }

    void passwordChanged(Actor actor) {
        log.info("{} changed their password; their other sessions ended", actor.username());
    }

    void passwordReset(Actor actor, String username) {
        log.info(
                "{} reset the password of {}; their sessions ended, and they choose a new one at their next sign-in",
                actor.username(),
                shown(username));
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

    /**
     * {@code text} as a log line may show it: at most {@value #SHOWN_NAME} characters, and no character that could
     * end the line or forge another ({@code \n} shows as {@code \\n}).
     */
    static String shown(String text) {
        if (text == null) {
            return "(none)";
        }
        var shown = new StringBuilder();
        text.codePoints().limit(SHOWN_NAME).forEach(c -> {
            if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                shown.append(c == '\n' ? "\\n" : c == '\r' ? "\\r" : "\\u%04x".formatted(c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        long length = text.codePoints().count();
        return length > SHOWN_NAME ? shown + "… (" + length + " characters)" : shown.toString();
    }

    private static String from(Object details) {
        return details instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : "an unknown address";
    }
}
