package dev.anneal.access;

import java.time.Instant;
import java.util.UUID;

/**
 * An API token as lists show it: never the token itself, only its first characters.
 *
 * @param id the token's id, to revoke it by
 * @param owner whose token it is
 * @param name what its owner called it ("ci", "laptop")
 * @param prefix its first characters, to tell tokens apart
 * @param scope what it may do
 * @param createdAt when it was issued
 * @param expiresAt when it stops working
 * @param lastUsedAt when it last authenticated a request (kept to the minute), or {@code null}
 * @param revokedAt when it was revoked, or {@code null}
 */
public record ApiToken(
        UUID id,
        String owner,
        String name,
        String prefix,
        TokenScope scope,
        Instant createdAt,
        Instant expiresAt,
        Instant lastUsedAt,
        Instant revokedAt) {}
