package io.imagelake.ingest.idempotency;

import io.imagelake.support.web.LakeException;
import org.springframework.http.HttpStatus;

/** The Idempotency-Key was already used with other bytes. */
public class IdempotencyConflictException extends LakeException {

    public IdempotencyConflictException() {
        super("idempotency-key-reused", "Idempotency-Key reused", HttpStatus.CONFLICT,
                "this Idempotency-Key was already used for a different file");
    }
}
