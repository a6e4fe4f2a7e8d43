package io.imagelake.ingest.staged;

import io.imagelake.ingest.upload.UploadReceipt;
import java.time.Instant;

/**
 * What the lake keeps of a staged upload besides its bytes (the record object under
 * {@code ObjectKeys.stagedUpload}): what the client declared at creation, and once finished the receipt of the image
 * it became. The offset is never stored: it is where the received chunks end, so it cannot disagree with them.
 */
public record StagedUpload(
        String id,
        Kind kind,
        String customerId,
        long length,
        String filename,
        String filetype,
        /* the same JSON as POST /api/v1/images' metadata part, validated at creation */
        String metadata,
        /* direct uploads: the SHA-256 (hex) the client declared, checked before the bytes are ingested */
        String sha256,
        String idempotencyKey,
        Instant createdAt,
        Instant expiresAt,
        /* null until the upload is finished and its image acknowledged */
        UploadReceipt receipt) {

    /** How the bytes arrive: tus chunks (PATCH), or one PUT of the client's straight to the object store. */
    public enum Kind {
        TUS,
        DIRECT
    }

    public boolean finished() {
        return receipt != null;
    }

    public String imageId() {
        return receipt == null ? null : receipt.imageId();
    }

    public StagedUpload finishedAs(UploadReceipt image) {
        return new StagedUpload(
                id,
                kind,
                customerId,
                length,
                filename,
                filetype,
                metadata,
                sha256,
                idempotencyKey,
                createdAt,
                expiresAt,
                image);
    }

    /**
     * The key the finished upload is ingested under: the client's Idempotency-Key, else one of the upload's own, so
     * that a final PATCH or a completion repeated after a lost answer yields the same image.
     */
    public String ingestKey() {
        return idempotencyKey != null ? idempotencyKey : "staged:" + id;
    }
}
