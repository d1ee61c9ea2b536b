package dev.anneal.schedule;

/**
 * One reason a schedule configuration is invalid.
 *
 * @param field the offending field, as the API names it ({@code "t_mult"})
 * @param message what is wrong, naming the field, the bound and the value
 */
public record ConfigViolation(String field, String message) {}
