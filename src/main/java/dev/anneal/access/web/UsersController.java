package dev.anneal.access.web;

import dev.anneal.access.Actor;
import dev.anneal.access.InvalidAccessRequestException;
import dev.anneal.access.Role;
import dev.anneal.access.User;
import dev.anneal.access.Users;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.security.Principal;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Users over REST, for admins: create, list, change a role, disable. */
@RestController
class UsersController {

    private final Users users;
    private final AccessLog log;

    UsersController(Users users, AccessLog log) {
        this.users = users;
        this.log = log;
    }

    /**
     * The body of {@code POST /api/users}.
     *
     * @param username the name they will sign in with
     * @param password at least 12 characters
     * @param role {@code viewer}, {@code member} or {@code admin}
     */
    record CreateRequest(String username, String password, String role) {}

    /**
     * The body of {@code PATCH /api/users/{username}}: what to change; the rest stays.
     *
     * @param role a new role
     * @param disabled whether they are locked out
     */
    record ChangeRequest(String role, Boolean disabled) {}

    /** A user as the API shows them. */
    record UserView(String username, String role, boolean disabled, java.time.Instant createdAt) {

        static UserView of(User user) {
            return new UserView(user.username(), user.role().apiName(), user.disabled(), user.createdAt());
        }
    }

    @PostMapping("/api/users")
    @Operation(summary = "Create a user (admins)")
    ResponseEntity<UserView> create(@RequestBody CreateRequest request, Principal principal) {
        var user = users.create(request.username(), request.password(), role(request.role()));
        log.userCreated(Actor.of(principal), user);
        return ResponseEntity.created(URI.create("/api/users/" + user.username()))
                .body(UserView.of(user));
    }

    @GetMapping("/api/users")
    @Operation(summary = "List users (admins)")
    List<UserView> list() {
        return users.list().stream().map(UserView::of).toList();
    }

    @PatchMapping("/api/users/{username}")
    @Operation(summary = "Change a user's role, or disable them (admins)")
    UserView change(@PathVariable String username, @RequestBody ChangeRequest request, Principal principal) {
        var user = users.find(username)
                .orElseThrow(
                        () -> new InvalidAccessRequestException("username", "there is no user called " + username));
        if (request.role() != null) {
            user = users.changeRole(username, role(request.role()));
        }
        if (request.disabled() != null) {
            user = users.setDisabled(username, request.disabled());
        }
        log.userChanged(Actor.of(principal), user);
        return UserView.of(user);
    }

    private static Role role(String name) {
        return Arrays.stream(Role.values())
                .filter(role -> role.apiName().equals(name))
                .findFirst()
                .orElseThrow(() -> new InvalidAccessRequestException(
                        "role", "role must be viewer, member or admin but was " + name));
    }
}
