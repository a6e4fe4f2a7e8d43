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

    /**
     * A staged upload's objects (tus, or direct to storage), in the bronze bucket: its record and the chunks received
     * so far, under one prefix per upload so that expiry or termination removes them together. Only ingest-api reads
     * them; a finished upload's image is a bronze original like any other.
     */
    public static String stagedUpload(String customerId, String uploadId) {
        return "_staging/" + customerId + "/" + uploadId + "/";
    }

    /**
     * Where the lake finds staged uploads by expiry: {@code _staging/_expiry/<epoch millis, 13 digits>/<customer>/<id>}
     * sorts by time, so a sweep lists only what has expired. No tenant id starts with '_'.
     */
    public static final String STAGED_EXPIRY_PREFIX = "_staging/_expiry/";

    public static String gold(String customerId, String imageId, String pipelineVersion) {
        return customerId + "/images/" + imageId + "/" + pipelineVersion + ".jpg";
    }
}
