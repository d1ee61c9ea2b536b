package dev.anneal.access;

/**
 * An admin changed what {@code username} may do (their role, or whether they are disabled): whatever sessions they
 * have signed in with are over, so that the next request acts with what they may do now.
 *
 * @param username whose account changed
 */
public record AccountChanged(String username) {}
