package dev.anneal.access;

/**
 * Who may make one kind of request.
 *
 * @param method the HTTP method, or {@code null} for any
 * @param pattern the path pattern, as the controller maps it ({@code /api/runs/{id}/cancel}) or a prefix with
 *     {@code /**}
 * @param requirement what the request needs
 * @param why the reason, for a reader of the rules and for a refusal's message
 */
public record AccessRule(String method, String pattern, Requirement requirement, String why) {}
