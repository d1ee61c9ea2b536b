package dev.anneal.ingest.mlflow;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * MLflow's paging: {@code max_results} items a page and an opaque {@code next_page_token} for the next, here the
 * offset of the page, base64-encoded.
 */
@Component
class Paging {

    /** One page of a listing, and the token for the next ({@code null} on the last page). */
    record Page<T>(List<T> items, String nextPageToken) {}

    <T> Page<T> page(List<T> all, String token, Integer maxResults, int byDefault, int most) {
        int size = maxResults == null ? byDefault : maxResults;
        if (size < 1 || size > most) {
            throw MlflowException.invalid(
                    "Invalid value %d for parameter 'max_results': it must be between 1 and %d".formatted(size, most));
        }
        int from = offset(token);
        int to = (int) Math.min(all.size(), (long) from + size);
        var items = from >= all.size() ? List.<T>of() : all.subList(from, to);
        return new Page<>(items, to < all.size() ? token(to) : null);
    }

    static String token(long offset) {
        return Base64.getUrlEncoder().encodeToString(Long.toString(offset).getBytes(StandardCharsets.UTF_8));
    }

    /** The offset {@code token} holds; 0 without one. */
    static int offset(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            long offset = Long.parseLong(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
            if (offset < 0 || offset > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return (int) offset;
        } catch (IllegalArgumentException e) {
            throw MlflowException.invalid("Invalid page token '" + token + "'");
        }
    }
}
