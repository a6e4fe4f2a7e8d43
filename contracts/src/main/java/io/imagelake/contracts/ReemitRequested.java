package io.imagelake.contracts;

import java.time.Instant;

/**
 * A request to ingest-api (the only writer of bronze and of {@code ImageIngested}) to announce a
 * bronze object again: the catalog found it with no catalog entry. Emitted by catalog-service's
 * integrity reconciler; handling it twice announces the same event twice, which the catalog applies once.
 */
public record ReemitRequested(
        int schemaVersion,
        String requestId,
        String bucket,
        String key,
        String customerId,
        String imageId,
        Instant requestedAt) {

    public static final int CURRENT_SCHEMA_VERSION = 1;
}
