package dev.anneal.access;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * HTTP Basic with an API token as the password, for clients that speak only Basic: the token decides who acts (the
 * username may be anything, as with GitHub's tokens). A password that is no token is left to the user's password.
 */
class TokenAsPassword implements AuthenticationProvider {

    private final ApiTokens tokens;

    TokenAsPassword(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        var password = String.valueOf(authentication.getCredentials());
        if (!password.startsWith(TokenText.PREFIX)) {
            return null; // not a token: the next provider checks it as the user's password
        }
        var accepted = TokenAuthentication.accept(
                tokens,
                password,
                BadCredentialsException::new,
                e -> new AuthenticationServiceException("the token could not be checked: " + e.getMessage(), e));
        return UsernamePasswordAuthenticationToken.authenticated(
                accepted.username(), null, TokenAuthentication.authorities(accepted));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
