package io.imagelake.contracts;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The object-key layout of every zone. Keys never contain anything the client chose except the tenant id. */
public final class ObjectKeys {

    private static final DateTimeFormatter DAY_PATH =
            DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    private ObjectKeys() {}

    /** {@code <customer>/<yyyy>/<mm>/<dd>/<imageId>} in the bronze bucket; the day is the UTC receive day. */
    public static String bronze(String customerId, Instant receivedAt, String imageId) {
        return customerId + "/" + DAY_PATH.format(receivedAt) + "/" + imageId;
    }

    /** Deterministic for (image, pipeline version), so reprocessing the same event overwrites, never duplicates. */
    public static String silver(String customerId, String imageId, String pipelineVersion) {
        return customerId + "/" + imageId + "/" + pipelineVersion + ".jpg";
    }

    public static String silverThumbnail(String customerId, String imageId, String pipelineVersion) {
        return customerId + "/" + imageId + "/" + pipelineVersion + "-thumb.jpg";
    }

    /**
     * The grey patch of the image's centre the normalizer's crop dedupe checks candidates against, in
     * the silver bucket beside the rendition: image content, so it goes wherever silver goes (erasure).
     */
    public static String cropCentre(String customerId, String imageId) {
        return customerId + "/" + imageId + "/crop-centre.bin";
    }

    /**
     * What ingest-api remembers of an upload's Idempotency-Key, in the bronze bucket. Named by the image the key
     * derives ({@link ImageIds#forIdempotencyKey}), not by the key: the client's key never becomes part of an
     * object name, and an erasure, which knows only the image, finds it.
     */
    public static String idempotencyRecord(String customerId, String imageId) {
        return "_idempotency/" + customerId + "/" + imageId + ".json";
    }

    public static String gold(String customerId, String imageId, String pipelineVersion) {
        return customerId + "/images/" + imageId + "/" + pipelineVersion + ".jpg";
    }
}
