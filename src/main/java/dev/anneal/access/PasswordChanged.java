package dev.anneal.access;

/**
 * A user's password changed: by themselves ({@code keptSession} is the session they changed it from, which goes on)
 * or by an admin ({@code keptSession} is {@code null}: every session ends).
 *
 * @param username whose password
 * @param keptSession the id of the one session that stays signed in, or {@code null}
 */
public record PasswordChanged(String username, String keptSession) {}
