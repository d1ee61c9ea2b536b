package dev.anneal.access;

import java.util.List;
import java.util.function.Function;
import org.springframework.dao.DataAccessException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.transaction.TransactionException;

/** Checking a request's token for Spring Security, however the token came (bearer, or Basic password). */
final class TokenAuthentication {

    private TokenAuthentication() {}

    /**
     * The accepted token; a refused one throws what {@code refusal} makes of its reason, and a check the database
     * could not serve throws what {@code unavailable} makes of it (answered 503, to be retried, not 401).
     */
    static TokenCheck.Accepted accept(
            ApiTokens tokens,
            String token,
            Function<String, RuntimeException> refusal,
            Function<RuntimeException, RuntimeException> unavailable) {
        TokenCheck check;
        try {
            check = tokens.check(token);
        } catch (DataAccessException | TransactionException e) {
            throw unavailable.apply(e);
        }
        if (check instanceof TokenCheck.Refused refused) {
            throw refusal.apply(refused.reason());
        }
        return (TokenCheck.Accepted) check;
    }

    /**
     * The authorities a token acts with: its role, which the role hierarchy extends downwards, and its scope ({@link Actor#scope()}, which also marks it as a token's: {@link Actor#byToken()}).
     */
    static List<GrantedAuthority> authorities(TokenCheck.Accepted accepted) {
        return List.of(
                new SimpleGrantedAuthority("ROLE_" + accepted.role().name()),
                new SimpleGrantedAuthority(Actor.SCOPE_PREFIX + accepted.scope().name()));
    }
}
