package dev.anneal.access;

/**
 * A token just issued: the only time its text is known outside the request that carries it.
 *
 * @param token the token as stored and listed
 * @param text the token itself: {@code anl_…}; shown this once, stored only as its hash
 */
public record IssuedToken(ApiToken token, String text) {}
