package dev.anneal.access;

import java.util.List;
import java.util.Locale;

/** What a token may do on its owner's behalf: read only, or everything its owner may. */
public enum TokenScope {
    /** Reads, as a viewer would. */
    READ,
    /** Whatever the owner's role allows. */
    WRITE;

    /** The role a token of this scope acts with for an owner whose role is now {@code ownerRole}: the lesser. */
    public Role actingRole(Role ownerRole) {
        return switch (this) {
            case READ -> ownerRole.atMost(Role.VIEWER);
            case WRITE -> ownerRole;
        };
    }

    /**
     * The scopes a user of {@code role} may give a token: a viewer's tokens can only read, so a "write" token would
     * only promise what it cannot do.
     */
    public static List<TokenScope> offeredTo(Role role) {
        return role.includes(Role.MEMBER) ? List.of(READ, WRITE) : List.of(READ);
    }

    /** The scope as the API spells it: {@code "read"}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
