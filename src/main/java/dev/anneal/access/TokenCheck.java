package dev.anneal.access;

import java.util.UUID;

/** What a request's token turned out to be: a user to act as, or why not, in words a client can act on. */
public sealed interface TokenCheck {

    /**
     * The token is good.
     *
     * @param tokenId the token's id
     * @param username its owner
     * @param role the role it acts with: the lesser of its scope and its owner's role now
     */
    record Accepted(UUID tokenId, String username, Role role, TokenScope scope) implements TokenCheck {}

    /**
     * The token does not authenticate.
     *
     * @param reason why: malformed (mistyped), unknown, revoked, expired, or its owner is disabled
     */
    record Refused(String reason) implements TokenCheck {}
}
