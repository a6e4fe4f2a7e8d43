package io.imagelake.ingest.upload;

import java.time.Instant;

/** The answer to an accepted upload. */
public record UploadReceipt(
        String imageId,
        String customerId,
        String status,
        String sha256,
        long bytes,
        String contentType,
        Instant receivedAt) {}
