package dev.anneal.access;

/**
 * The first admin exists: what was there before accounts (runs without an owner) is now theirs.
 *
 * @param username the admin's name
 */
public record FirstAdminCreated(String username) {}
