package io.imagelake.ingest.tus;

import java.time.Instant;

/**
 * What the lake keeps of a resumable upload besides its bytes (the record object under
 * {@code ObjectKeys.resumableUpload}): what the client declared at creation, and once finished the image it became.
 * The offset is never stored: it is where the received chunks end, so it cannot disagree with them.
 */
public record TusUpload(
        String id,
        String customerId,
        long length,
        String filename,
        String filetype,
        /* the same JSON as POST /api/v1/images' metadata part, validated at creation */
        String metadata,
        String idempotencyKey,
        Instant createdAt,
        Instant expiresAt,
        /* null until the upload is finished and its image acknowledged */
        String imageId) {

    public boolean finished() {
        return imageId != null;
    }

    public TusUpload finishedAs(String image) {
        return new TusUpload(
                id, customerId, length, filename, filetype, metadata, idempotencyKey, createdAt, expiresAt, image);
    }

    /**
     * The key the finished upload is ingested under: the client's Idempotency-Key, else one of the upload's own, so
     * that a final PATCH repeated after a lost answer yields the same image.
     */
    public String ingestKey() {
        return idempotencyKey != null ? idempotencyKey : "tus:" + id;
    }
}
