package dev.anneal.access;

import java.util.Map;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.stereotype.Component;

/**
 * Our API tokens behind Spring Security's bearer-token support: {@code Authorization: Bearer anl_…} is checked by
 * {@link ApiTokens} (a hash and an index lookup), and acts as its owner with the token's role.
 */
@Component
class ApiTokenIntrospector implements OpaqueTokenIntrospector {

    private final ApiTokens tokens;

    ApiTokenIntrospector(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public OAuth2AuthenticatedPrincipal introspect(String token) {
        var accepted = TokenAuthentication.accept(
                tokens,
                token,
                BadOpaqueTokenException::new,
                e -> new OAuth2IntrospectionException("the token could not be checked: " + e.getMessage(), e));
        return new DefaultOAuth2AuthenticatedPrincipal(
                accepted.username(),
                Map.of(
                        "sub",
                        accepted.username(),
                        "token_id",
                        accepted.tokenId().toString()),
                TokenAuthentication.authorities(accepted));
    }
}
