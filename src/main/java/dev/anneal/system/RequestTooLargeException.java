package dev.anneal.system;

import org.springframework.util.unit.DataSize;

/** Thrown when a request body goes past the size the API accepts. */
class RequestTooLargeException extends RuntimeException {

    RequestTooLargeException(DataSize limit) {
        super("the request body is larger than the %d bytes the API accepts".formatted(limit.toBytes()));
    }
}
