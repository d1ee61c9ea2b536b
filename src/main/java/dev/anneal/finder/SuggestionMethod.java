package dev.anneal.finder;

import java.util.List;
import java.util.OptionalDouble;

/**
 * One way of reading a good learning rate off a range test's curve; a new way is a new implementation, listed in
 * {@link #ALL}.
 */
public interface SuggestionMethod {

    /** Every method, in the order the summary lists them. */
    List<SuggestionMethod> ALL = List.of(new Valley(), new SteepestDescent(), new MinimumOverTen());

    /** The method's name as the API spells it: {@code "valley"}. */
    String name();

    /** The rate this method suggests for {@code curve}, or empty when the curve gives it nothing to go on. */
    OptionalDouble suggest(RangeCurve curve);
}
