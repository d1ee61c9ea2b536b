package dev.anneal.access.web;

import dev.anneal.access.TokenGuesses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request that brings credentials (a token, or Basic) from an address whose tokens kept being refused
 * ({@link TokenGuesses}): 429 with how long to wait, and no token is looked up meanwhile.
 */
class TokenGuessLimit extends OncePerRequestFilter {

    private final TokenGuesses guesses;
    private final ApiProblems problems;

    TokenGuessLimit(TokenGuesses guesses, ApiProblems problems) {
        this.guesses = guesses;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (CredentialsOverSession.carriesCredentials(request)) {
            var throttled = guesses.throttled(request.getRemoteAddr());
            if (throttled.isPresent()) {
                problems.write(request, response, 429, "Too many refused tokens", throttled.get());
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
