package dev.anneal.access;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * API tokens for scripts and CI: issued to a user with a scope and an expiry, shown once, stored as the SHA-256 of
 * their text and found by it, so checking one costs a hash and an index lookup, not a bcrypt.
 */
@Service
public class ApiTokens {

    /** The longest a token may live. */
    public static final int MAX_DAYS = 366;

    /** Last use is written at most this often per token: a busy CI token must not write on every request. */
    static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ApiTokens(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Issues a token to {@code owner}; throws {@link InvalidAccessRequestException} naming a bad field. */
    @Transactional
    public IssuedToken issue(String owner, String name, TokenScope scope, int expiresInDays) {
        if (name == null || name.isBlank() || name.strip().length() > 100) {
            throw new InvalidAccessRequestException("name", "name must be 1 to 100 characters, not blank");
        }
        if (scope == null) {
            throw new InvalidAccessRequestException("scope", "scope must be read or write");
        }
        if (expiresInDays < 1 || expiresInDays > MAX_DAYS) {
            throw new InvalidAccessRequestException(
                    "expires_in_days",
                    "expires_in_days must be between 1 and %d but was %d".formatted(MAX_DAYS, expiresInDays));
        }
        String text = TokenText.generate(random);
        var now = clock.instant();
        var token = new ApiToken(
                UUID.randomUUID(),
                owner,
                name.strip(),
                text.substring(0, TokenText.SHOWN),
                scope,
                now,
                now.plus(Duration.ofDays(expiresInDays)),
                null,
                null);
        jdbc.update(
                "insert into api_token (id, owner, name, prefix, token_sha256, scope, created_at, expires_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?)",
                token.id(),
                owner,
                token.name(),
                token.prefix(),
                TokenText.sha256(text),
                scope.name(),
                Timestamp.from(now),
                Timestamp.from(token.expiresAt()));
        return new IssuedToken(token, text);
    }

    /** {@code owner}'s tokens, newest first; every user's when {@code owner} is {@code null}. */
    @Transactional(readOnly = true)
    public List<ApiToken> list(String owner) {
        return owner == null
                ? jdbc.query("select * from api_token order by created_at desc", ApiTokens::token)
                : jdbc.query(
                        "select * from api_token where owner = ? order by created_at desc", ApiTokens::token, owner);
    }

    /** The token with {@code id}, if there is one. */
    @Transactional(readOnly = true)
    public Optional<ApiToken> find(UUID id) {
        return jdbc.query("select * from api_token where id = ?", ApiTokens::token, id).stream()
                .findFirst();
    }

    /**
     * These tokens as HTTP Basic passwords, for clients that speak only Basic: a provider for the sign-in's one
     * authentication manager (not a bean, which Spring Security would also make the global manager's).
     */
    public AuthenticationProvider asBasicPasswords() {
        return new TokenAsPassword(this);
    }

    /** Revokes the token with {@code id} at once; returns whether there was one still working. */
    @Transactional
    public boolean revoke(UUID id) {
        return jdbc.update(
                        "update api_token set revoked_at = ? where id = ? and revoked_at is null",
                        Timestamp.from(clock.instant()),
                        id)
                > 0;
    }

    /** Checks a request's token: who it acts as and with which role, or why it does not authenticate. */
    @Transactional
    public TokenCheck check(String text) {
        var malformed = TokenText.problemWith(text);
        if (malformed.isPresent()) {
            return new TokenCheck.Refused(malformed.get());
        }
        var found = jdbc.query(
                "select t.*, u.role as owner_role, u.disabled as owner_disabled from api_token t"
                        + " join app_user u on u.username = t.owner where t.token_sha256 = ?",
                (row, i) -> new Found(
                        token(row, i), Role.valueOf(row.getString("owner_role")), row.getBoolean("owner_disabled")),
                (Object) TokenText.sha256(text));
        if (found.isEmpty()) {
            return new TokenCheck.Refused("the token is not known here: it may belong to another server");
        }
        var token = found.get(0).token();
        var now = clock.instant();
        if (token.revokedAt() != null) {
            return new TokenCheck.Refused("the token was revoked");
        }
        if (!now.isBefore(token.expiresAt())) {
            return new TokenCheck.Refused("the token expired on " + token.expiresAt());
        }
        if (found.get(0).ownerDisabled()) {
            return new TokenCheck.Refused("the token's owner is disabled");
        }
        markUsed(token, now);
        return new TokenCheck.Accepted(
                token.id(), token.owner(), token.scope().actingRole(found.get(0).ownerRole()), token.scope());
    }

    private void markUsed(ApiToken token, Instant now) {
        if (token.lastUsedAt() == null || !now.isBefore(token.lastUsedAt().plus(LAST_USED_RESOLUTION))) {
            jdbc.update("update api_token set last_used_at = ? where id = ?", Timestamp.from(now), token.id());
        }
    }

    private record Found(ApiToken token, Role ownerRole, boolean ownerDisabled) {}

    private static ApiToken token(ResultSet row, int i) throws SQLException {
        return new ApiToken(
                row.getObject("id", UUID.class),
                row.getString("owner"),
                row.getString("name"),
                row.getString("prefix"),
                TokenScope.valueOf(row.getString("scope")),
                row.getTimestamp("created_at").toInstant(),
                row.getTimestamp("expires_at").toInstant(),
                instant(row.getTimestamp("last_used_at")),
                instant(row.getTimestamp("revoked_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
