package dev.anneal.web;

/**
 * One problem with a request, as the {@code errors} member of a problem-details body lists it.
 *
 * @param field the JSON path of the offending field ({@code "schedule.t_mult"}, {@code "at[3]"}), or {@code null}
 *     when the body as a whole is at fault
 * @param message what is wrong, in words
 */
public record FieldProblem(String field, String message) {}
