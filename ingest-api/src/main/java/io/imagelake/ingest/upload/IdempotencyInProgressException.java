package io.imagelake.ingest.upload;

import io.imagelake.support.errors.ErrorKind;
import io.imagelake.support.errors.PermanentException;

/**
 * Another request with the same Idempotency-Key is still being processed: retry shortly. A client meets it
 * when it retries after losing the first answer (a dropped connection, a gateway that died); the input is not
 * wrong, so the answer carries Retry-After like an outage's.
 */
public class IdempotencyInProgressException extends PermanentException {

    public IdempotencyInProgressException() {
        super(
                ErrorKind.CONFLICT,
                "idempotency-key-in-progress",
                "Request in progress",
                "a request with this Idempotency-Key is still being processed; retry in a moment");
    }

    @Override
    public boolean retryLater() {
        return true;
    }
}
