package dev.anneal.ingest.mlflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * MLflow's search grammar: clauses joined by {@code AND}, each {@code <entity>.<key> <comparator> <value>}, where the
 * entity is {@code metrics}, {@code params}, {@code tags} or {@code attributes} (and their singular forms; a bare key
 * is an attribute), a key may be quoted with backticks or quotes, the comparator one of {@code = != < > <= >= LIKE
 * ILIKE}, and the value a number (metrics, numeric attributes) or a quoted string. Also its {@code order_by}:
 * {@code <entity>.<key> [ASC|DESC]}.
 */
final class RunFilterGrammar {

    /** The longest filter read: a bound on the work of one search. */
    static final int MAX_FILTER = 10_000;

    private static final Pattern CLAUSE =
            Pattern.compile("\\s*(?:(metrics?|params?|parameters?|tags?|attributes?|attr|run)\\.)?"
                    + "(`[^`]+`|\"[^\"]+\"|'[^']+'|[\\w.\\-/ ]+?)\\s*"
                    + "(<=|>=|!=|=|<|>|(?i:NOT\\s+LIKE)|(?i:ILIKE)|(?i:LIKE))\\s*"
                    + "('(?:[^'\\\\]|\\\\.)*'|\"(?:[^\"\\\\]|\\\\.)*\"|[-+]?[0-9.eE+-]+)\\s*");

    private static final Pattern AND = Pattern.compile("\\s+(?i:AND)\\s+");

    private static final Pattern ORDER =
            Pattern.compile("\\s*(?:(metrics?|params?|parameters?|tags?|attributes?|attr|run)\\.)?"
                    + "(`[^`]+`|\"[^\"]+\"|[\\w.\\-/ ]+?)(?:\\s+(?i:(ASC|DESC)))?\\s*");

    private RunFilterGrammar() {}

    /**
     * One comparison of a filter.
     *
     * @param entity {@code metrics}, {@code params}, {@code tags} or {@code attributes}
     * @param key what is compared
     * @param comparator {@code =}, {@code !=}, {@code <}, {@code >}, {@code <=}, {@code >=}, {@code LIKE},
     *     {@code ILIKE} or {@code NOT LIKE}
     * @param text the value as text (a quoted string unquoted)
     * @param number the value as a number, or {@code null} for a quoted string
     */
    record Clause(String entity, String key, String comparator, String text, Double number) {

        /** Whether {@code value} (a string) satisfies the clause; a missing value satisfies none. */
        boolean test(String value) {
            if (value == null) {
                return false;
            }
            return switch (comparator) {
                case "=" -> value.equals(text);
                case "!=" -> !value.equals(text);
                case "LIKE" -> like(text, false).matcher(value).matches();
                case "ILIKE" -> like(text, true).matcher(value).matches();
                case "NOT LIKE" -> !like(text, false).matcher(value).matches();
                default -> {
                    int order = value.compareTo(text);
                    yield compare(order);
                }
            };
        }

        /** Whether {@code value} (a number) satisfies the clause; a missing value satisfies none. */
        boolean test(Double value) {
            if (value == null) {
                return false;
            }
            if (number == null) {
                throw MlflowException.invalid(
                        "Expected a numeric value for %s.%s but got '%s'".formatted(entity, key, text));
            }
            if (comparator.contains("LIKE")) {
                throw MlflowException.invalid(
                        "Invalid comparator '%s' for %s.%s: it compares strings".formatted(comparator, entity, key));
            }
            return comparator.equals("=")
                    ? value.doubleValue() == number
                    : comparator.equals("!=") ? value.doubleValue() != number : compare(Double.compare(value, number));
        }

        private boolean compare(int order) {
            return switch (comparator) {
                case "<" -> order < 0;
                case ">" -> order > 0;
                case "<=" -> order <= 0;
                case ">=" -> order >= 0;
                default -> throw MlflowException.invalid("Invalid comparator '" + comparator + "'");
            };
        }

        private static Pattern like(String pattern, boolean ignoringCase) {
            var regex = new StringBuilder();
            for (char c : pattern.toCharArray()) {
                regex.append(c == '%' ? ".*" : c == '_' ? "." : Pattern.quote(String.valueOf(c)));
            }
            return Pattern.compile(
                    regex.toString(), ignoringCase ? Pattern.CASE_INSENSITIVE | Pattern.DOTALL : Pattern.DOTALL);
        }
    }

    /**
     * One key of an {@code order_by}.
     *
     * @param entity {@code metrics}, {@code params}, {@code tags} or {@code attributes}
     * @param key what is sorted by
     * @param ascending whether ascending (the default)
     */
    record Order(String entity, String key, boolean ascending) {}

    /** The clauses of {@code filter}; none for a blank one. */
    static List<Clause> parse(String filter) {
        var clauses = new ArrayList<Clause>();
        if (filter == null || filter.isBlank()) {
            return clauses;
        }
        if (filter.length() > MAX_FILTER) {
            throw MlflowException.invalid("The filter is longer than " + MAX_FILTER + " characters");
        }
        for (String part : splitOnAnd(filter)) {
            var matcher = CLAUSE.matcher(part);
            if (!matcher.matches()) {
                throw MlflowException.invalid(
                        "Invalid clause '%s' in filter '%s': expected <entity>.<key> <comparator> <value>, such as metrics.acc > 0.9 or params.lr = '0.1'"
                                .formatted(part.strip(), filter));
            }
            String entity = entity(matcher.group(1));
            String comparator = matcher.group(3).toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
            String raw = matcher.group(4);
            boolean quoted = raw.startsWith("'") || raw.startsWith("\"");
            String text = quoted ? raw.substring(1, raw.length() - 1).replaceAll("\\\\(.)", "$1") : raw;
            Double number = null;
            if (!quoted) {
                try {
                    number = Double.parseDouble(raw);
                } catch (NumberFormatException e) {
                    throw MlflowException.invalid("Invalid value '%s' in filter '%s'".formatted(raw, filter));
                }
            }
            clauses.add(new Clause(entity, unquote(matcher.group(2).strip()), comparator, text, number));
        }
        return clauses;
    }

    /** The keys of {@code orderBy}, in order. */
    static List<Order> order(List<String> orderBy) {
        var orders = new ArrayList<Order>();
        if (orderBy == null) {
            return orders;
        }
        if (orderBy.size() > 20) {
            throw MlflowException.invalid("order_by may name at most 20 keys");
        }
        for (String item : orderBy) {
            var matcher = ORDER.matcher(item == null ? "" : item);
            if (!matcher.matches()) {
                throw MlflowException.invalid("Invalid order_by clause '" + item + "'");
            }
            orders.add(new Order(
                    entity(matcher.group(1)),
                    unquote(matcher.group(2).strip()),
                    matcher.group(3) == null || matcher.group(3).equalsIgnoreCase("ASC")));
        }
        return orders;
    }

    private static List<String> splitOnAnd(String filter) {
        // AND inside a quoted value is part of the value
        var parts = new ArrayList<String>();
        var current = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < filter.length(); i++) {
            char c = filter.charAt(i);
            if (quote == 0 && (c == '\'' || c == '"' || c == '`')) {
                quote = c;
            } else if (quote != 0 && c == quote) {
                quote = 0;
            } else if (quote == 0) {
                var rest = AND.matcher(filter).region(i, filter.length());
                if (rest.lookingAt()) {
                    parts.add(current.toString());
                    current.setLength(0);
                    i = rest.end() - 1;
                    continue;
                }
            }
            current.append(c);
        }
        parts.add(current.toString());
        return parts;
    }

    private static String entity(String given) {
        if (given == null) {
            return "attributes";
        }
        return switch (given.toLowerCase(Locale.ROOT)) {
            case "metric", "metrics" -> "metrics";
            case "param", "params", "parameter", "parameters" -> "params";
            case "tag", "tags" -> "tags";
            default -> "attributes";
        };
    }

    private static String unquote(String key) {
        if (key.length() > 1
                && (key.startsWith("`") && key.endsWith("`")
                        || key.startsWith("\"") && key.endsWith("\"")
                        || key.startsWith("'") && key.endsWith("'"))) {
            return key.substring(1, key.length() - 1);
        }
        return key;
    }
}
