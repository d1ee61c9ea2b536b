package dev.anneal.access;

import java.time.Instant;

/**
 * A user as the access module shows it: never the password, not even its hash.
 *
 * @param username the name they sign in with
 * @param role what they may do
 * @param disabled whether they are locked out, their tokens with them
 * @param createdAt when the account was made
 */
public record User(String username, Role role, boolean disabled, Instant createdAt) {}
