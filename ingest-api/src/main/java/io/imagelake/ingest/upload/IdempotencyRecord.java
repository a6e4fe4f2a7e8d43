package io.imagelake.ingest.upload;

import java.time.Instant;

/**
 * What the lake remembers of an Idempotency-Key: the bytes it was used with (SHA-256) and, once
 * the upload succeeded, the answer that was given.
 */
public record IdempotencyRecord(State state, String sha256, Instant claimedAt, UploadReceipt receipt) {

    public enum State {
        PENDING,
        COMPLETE
    }
}
