package dev.anneal.access;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * A user's password, checked by Spring Security's {@link DaoAuthenticationProvider}, behind {@link SignInAttempts}:
 * an attempt past its name's or address's budget is told how long to wait, and its password is not checked.
 */
public class ThrottledPasswords implements AuthenticationProvider {

    private final DaoAuthenticationProvider passwords;
    private final SignInAttempts attempts;

    public ThrottledPasswords(DaoAuthenticationProvider passwords, SignInAttempts attempts) {
        this.passwords = passwords;
        this.attempts = attempts;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String username = authentication.getName();
        String address = authentication.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress()
                : "unknown";
        var refused = attempts.admit(username, address);
        if (refused.isPresent()) {
            throw new LockedException(refused.get());
        }
        if (tooLong(authentication.getCredentials())) {
            // bcrypt reads no further than 72 bytes, so no stored password is longer: refused as any wrong one
            throw new BadCredentialsException("the username or password is not right");
        }
        try {
            var signedIn = passwords.authenticate(authentication);
            attempts.succeeded(username, address);
            return signedIn;
        } catch (BadCredentialsException e) {
            throw new BadCredentialsException("the username or password is not right", e);
        }
    }

    private static boolean tooLong(Object credentials) {
        return credentials instanceof String password
                && password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > Users.MAX_PASSWORD_BYTES;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
