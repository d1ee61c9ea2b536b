package dev.anneal.access.web;

import dev.anneal.access.Actor;
import dev.anneal.access.NotPermittedException;
import dev.anneal.access.Users;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Passwords: one's own changed (the current one required), another's reset by an admin. */
@RestController
class PasswordController {

    private final Users users;
    private final AccessLog log;

    PasswordController(Users users, AccessLog log) {
        this.users = users;
        this.log = log;
    }

    /**
     * The body of {@code POST /api/account/password}.
     *
     * @param currentPassword the password now
     * @param newPassword the password from now on: at least 12 characters, at most 72 bytes
     */
    record ChangeRequest(String currentPassword, String newPassword) {}

    /**
     * The body of {@code POST /api/users/{username}/password}.
     *
     * @param newPassword the password the user signs in with next, and must then change
     */
    record ResetRequest(String newPassword) {}

    @PostMapping("/api/account/password")
    @Operation(
            summary = "Change your password",
            description = "The current password is required; your other sessions end, this one goes on. Signed in,"
                    + " not with a token.")
    ResponseEntity<Void> change(@RequestBody ChangeRequest request, Principal principal, HttpServletRequest http) {
        var actor = Actor.of(principal);
        if (actor.byToken()) {
            throw new NotPermittedException("a token cannot change a password: sign in to change yours");
        }
        var session = http.getSession(false);
        users.changePassword(
                actor.username(),
                request.currentPassword(),
                request.newPassword(),
                session == null ? null : session.getId());
        if (session != null) {
            session.removeAttribute(PasswordChangeRequired.SESSION_ATTRIBUTE);
        }
        log.passwordChanged(actor);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/users/{username}/password")
    @Operation(
            summary = "Reset a user's password (admins)",
            description = "Their sessions end, and they must choose a new password when they next sign in.")
    ResponseEntity<Void> reset(@PathVariable String username, @RequestBody ResetRequest request, Principal principal) {
        users.resetPassword(username, request.newPassword());
        log.passwordReset(Actor.of(principal), username);
        return ResponseEntity.noContent().build();
    }
}
