package io.imagelake.ingest.upload;

import io.imagelake.support.errors.ErrorKind;
import io.imagelake.support.errors.PermanentException;

/** Another request with the same Idempotency-Key is still being processed: retry shortly. */
public class IdempotencyInProgressException extends PermanentException {

    public IdempotencyInProgressException() {
        super(
                ErrorKind.CONFLICT,
                "idempotency-key-in-progress",
                "Request in progress",
                "a request with this Idempotency-Key is still being processed; retry in a moment");
    }
}
