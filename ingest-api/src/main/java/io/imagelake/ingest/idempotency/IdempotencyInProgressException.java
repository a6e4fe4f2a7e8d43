package io.imagelake.ingest.idempotency;

import io.imagelake.support.web.LakeException;
import org.springframework.http.HttpStatus;

/** Another request with the same Idempotency-Key is still being processed: retry shortly. */
public class IdempotencyInProgressException extends LakeException {

    public IdempotencyInProgressException() {
        super("idempotency-key-in-progress", "Request in progress", HttpStatus.CONFLICT,
                "a request with this Idempotency-Key is still being processed; retry in a moment");
    }
}
