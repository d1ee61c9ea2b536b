package dev.anneal.access;

import java.security.Principal;
import java.util.Arrays;
import java.util.Collection;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * Who makes a request, and with which role: a signed-in user, or a token acting for its owner with the lesser of
 * its scope and the owner's role.
 *
 * @param username whose name the request acts in
 * @param role the highest role it has
 * @param scope the scope of the API token the request came with, or {@code null} for a signed-in user's session or
 *     password
 */
public record Actor(String username, Role role, TokenScope scope) {

    /** What precedes a token's scope among its authorities, beside its role: {@code TOKEN_SCOPE_READ}. */
    static final String SCOPE_PREFIX = "TOKEN_SCOPE_";

    /** A signed-in user acting with {@code role}. */
    public Actor(String username, Role role) {
        this(username, role, null);
    }

    /** Whether the request came with an API token rather than a signed-in user's session or password. */
    public boolean byToken() {
        return scope != null;
    }

    /** Whether the request came with a token that may only read. */
    public boolean byReadToken() {
        return scope == TokenScope.READ;
    }

    /** The token scope among {@code authorities}, or {@code null} when they are no token's. */
    public static TokenScope scopeOf(Collection<? extends GrantedAuthority> authorities) {
        return Arrays.stream(TokenScope.values())
                .filter(scope ->
                        authorities.stream().anyMatch(a -> a.getAuthority().equals(SCOPE_PREFIX + scope.name())))
                .findFirst()
                .orElse(null);
    }

    /** The actor of a request Spring Security let through. */
    public static Actor of(Principal principal) {
        if (!(principal instanceof Authentication authentication)) {
            throw new IllegalStateException("no signed-in user: the access rules let an anonymous request through");
        }
        var authorities = authentication.getAuthorities();
        return new Actor(authentication.getName(), highest(authorities), scopeOf(authorities));
    }

    /** Whether this actor is an admin: may manage users, and see and change what everyone owns. */
    public boolean isAdmin() {
        return role.includes(Role.ADMIN);
    }

    /**
     * Whether this actor may change what {@code owner} owns: an admin anything, a member their own things. A thing
     * without an owner (a run from before accounts) is an admin's.
     */
    public boolean mayChangeWhatBelongsTo(String owner) {
        return isAdmin() || (role.includes(Role.MEMBER) && username.equals(owner));
    }

    private static Role highest(Collection<? extends GrantedAuthority> authorities) {
        return Arrays.stream(Role.values())
                .filter(role ->
                        authorities.stream().anyMatch(a -> a.getAuthority().equals("ROLE_" + role.name())))
                .reduce((lower, higher) -> higher)
                .orElse(Role.VIEWER);
    }
}
