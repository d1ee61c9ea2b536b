package dev.anneal.run;

import dev.anneal.web.TooManyRequestsException;

/** Refuses work that would take its owner past their quota of queued work: a 429 that gives the numbers. */
public class QuotaExceededException extends TooManyRequestsException {

    QuotaExceededException(String message) {
        super("Quota of queued work exceeded", message);
    }
}
