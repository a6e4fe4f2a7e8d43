package io.imagelake.ingest.upload;

import io.imagelake.support.errors.ErrorKind;
import io.imagelake.support.errors.PermanentException;

/** The Idempotency-Key was already used with other bytes. */
public class IdempotencyConflictException extends PermanentException {

    public IdempotencyConflictException() {
        super(
                ErrorKind.CONFLICT,
                "idempotency-key-reused",
                "Idempotency-Key reused",
                "this Idempotency-Key was already used for a different file");
    }
}
