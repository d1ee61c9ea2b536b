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
 * a name or address that keeps failing waits longer each time, then is locked out for a while, and is told so.
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
        var locked = attempts.lockedOut(username, address);
        if (locked.isPresent()) {
            throw new LockedException(locked.get());
        }
        pause(attempts.delay(username, address).toMillis());
        try {
            var signedIn = passwords.authenticate(authentication);
            attempts.succeeded(username);
            return signedIn;
        } catch (BadCredentialsException e) {
            attempts.failed(username, address);
            throw new BadCredentialsException("the username or password is not right", e);
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
