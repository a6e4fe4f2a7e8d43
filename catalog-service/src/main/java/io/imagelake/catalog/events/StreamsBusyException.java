package io.imagelake.catalog.events;

import io.imagelake.support.errors.RetriableException;

/** This replica serves as many event streams as it may: 503 with Retry-After; another replica or a retry takes it. */
public class StreamsBusyException extends RetriableException {
    public StreamsBusyException(String detail) {
        super("service-unavailable", "Service unavailable", detail, null);
    }
}
