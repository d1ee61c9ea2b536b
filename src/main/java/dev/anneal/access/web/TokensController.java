package dev.anneal.access.web;

import dev.anneal.access.Actor;
import dev.anneal.access.ApiToken;
import dev.anneal.access.ApiTokens;
import dev.anneal.access.InvalidAccessRequestException;
import dev.anneal.access.NotPermittedException;
import dev.anneal.access.TokenScope;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** API tokens over REST: issue one (shown once), list one's own (an admin's: everyone's), revoke. */
@RestController
class TokensController {

    private final ApiTokens tokens;
    private final AccessLog log;

    TokensController(ApiTokens tokens, AccessLog log) {
        this.tokens = tokens;
        this.log = log;
    }

    /**
     * The body of {@code POST /api/tokens}.
     *
     * @param name what the token is for
     * @param scope {@code read} or {@code write}
     * @param expiresInDays how long it lives; 90 days when left out
     */
    record IssueRequest(String name, String scope, Integer expiresInDays) {}

    /** A token as the API lists it; {@code token} only in the answer that issued it. */
    record TokenView(
            UUID id,
            String owner,
            String name,
            String token,
            String prefix,
            String scope,
            Instant createdAt,
            Instant expiresAt,
            Instant lastUsedAt,
            Instant revokedAt) {

        static TokenView of(ApiToken token, String text) {
            return new TokenView(
                    token.id(),
                    token.owner(),
                    token.name(),
                    text,
                    token.prefix(),
                    token.scope().apiName(),
                    token.createdAt(),
                    token.expiresAt(),
                    token.lastUsedAt(),
                    token.revokedAt());
        }
    }

    @PostMapping("/api/tokens")
    @Operation(summary = "Issue an API token", description = "The token is in this answer only; keep it.")
    ResponseEntity<TokenView> issue(@RequestBody IssueRequest request, Principal principal) {
        var actor = Actor.of(principal);
        if (actor.byToken()) {
            // else a read token could mint a write token, and a leaked token outlive its revocation in its offspring
            throw new NotPermittedException(
                    "a token cannot issue tokens: sign in, or send your password (HTTP Basic) to this call");
        }
        var scope = Arrays.stream(TokenScope.values())
                .filter(s -> s.apiName().equals(request.scope()))
                .findFirst()
                .orElseThrow(() -> new InvalidAccessRequestException(
                        "scope", "scope must be read or write but was " + request.scope()));
        if (!TokenScope.offeredTo(actor.role()).contains(scope)) {
            throw new InvalidAccessRequestException(
                    "scope",
                    "scope must be read: %s is a %s, whose tokens can only read"
                            .formatted(actor.username(), actor.role().apiName()));
        }
        int days = request.expiresInDays() == null ? 90 : request.expiresInDays();
        var issued = tokens.issue(actor.username(), request.name(), scope, days);
        log.tokenIssued(actor, issued.token());
        return ResponseEntity.created(URI.create("/api/tokens/" + issued.token().id()))
                .body(TokenView.of(issued.token(), issued.text()));
    }

    @GetMapping("/api/tokens")
    @Operation(summary = "List API tokens", description = "Yours; an admin's list holds everyone's.")
    List<TokenView> list(Principal principal) {
        var actor = Actor.of(principal);
        return tokens.list(actor.isAdmin() ? null : actor.username()).stream()
                .map(token -> TokenView.of(token, null))
                .toList();
    }

    @DeleteMapping("/api/tokens/{id}")
    @Operation(summary = "Revoke an API token", description = "It stops working at once.")
    ResponseEntity<Void> revoke(@PathVariable UUID id, Principal principal) {
        var token =
                tokens.find(id).orElseThrow(() -> new InvalidAccessRequestException("id", "there is no token " + id));
        var actor = Actor.of(principal);
        if (actor.byReadToken()) {
            throw new NotPermittedException("a read token only reads: revoke tokens signed in, or with a write token");
        }
        if (!actor.isAdmin() && !actor.username().equals(token.owner())) {
            throw new NotPermittedException("only the token's owner or an admin may revoke it");
        }
        if (tokens.revoke(id)) {
            log.tokenRevoked(actor, token);
        }
        return ResponseEntity.noContent().build();
    }
}
