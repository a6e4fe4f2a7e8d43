package io.imagelake.query.stats;

import io.imagelake.support.errors.RetriableException;

/** Trino did not answer the stats question (down, overloaded, or past the time limit): 503 with Retry-After. */
public class TrinoUnavailableException extends RetriableException {

    public TrinoUnavailableException(String detail, Throwable cause) {
        super("query-unavailable", "Query engine unavailable", detail, cause);
    }
}
