package io.imagelake.catalog.integrity;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One comparison of the catalog with the object store: catalog entries whose zone object is
 * missing, and bronze objects no catalog entry knows (orphans, which ingest-api is asked to
 * announce again). Counts are complete; the lists are a sample.
 */
public record IntegrityReport(
        Instant startedAt,
        Instant finishedAt,
        long imagesChecked,
        long objectsListed,
        Map<String, Long> missingByZone,
        List<Missing> missing,
        long orphans,
        List<Orphan> orphanSample,
        long reemitRequested) {

    public record Missing(String customerId, String imageId, String zone, String bucket, String key) {}

    public record Orphan(String customerId, String imageId, String bucket, String key, Instant storedAt) {}
}
