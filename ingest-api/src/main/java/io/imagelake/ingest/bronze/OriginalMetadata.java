package io.imagelake.ingest.bronze;

import io.imagelake.contracts.Source;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What every original in bronze records about itself as S3 user metadata, so the object alone is
 * enough to announce it again (the catalog's orphan recovery) even after its pending marker is gone.
 */
public record OriginalMetadata(
        String imageId, String customerId, String format, Source source, String sha256, String declaredContentType) {

    private static final String IMAGE_ID = "image-id";
    private static final String CUSTOMER_ID = "customer-id";
    private static final String FORMAT = "format";
    private static final String SOURCE = "source";
    private static final String SHA256 = "sha256";
    private static final String DECLARED_CONTENT_TYPE = "declared-content-type";

    /** The longest declared content type kept (S3 allows 2 KB of user metadata in all). */
    public static final int MAX_DECLARED_CONTENT_TYPE = 255;

    /**
     * Whether a client's declared content type can be stored as S3 user metadata: printable ASCII,
     * at most {@link #MAX_DECLARED_CONTENT_TYPE} characters. The storage client refuses anything else,
     * and that refusal would look like an outage and be retried for ever.
     */
    public static boolean storable(String declaredContentType) {
        return declaredContentType == null
                || (declaredContentType.length() <= MAX_DECLARED_CONTENT_TYPE
                        && declaredContentType.chars().allMatch(c -> c >= 0x20 && c < 0x7F));
    }

    public Map<String, String> toUserMetadata() {
        Map<String, String> metadata = new HashMap<>();
        metadata.put(IMAGE_ID, imageId);
        metadata.put(CUSTOMER_ID, customerId);
        metadata.put(FORMAT, format);
        metadata.put(SOURCE, source.name());
        metadata.put(SHA256, sha256);
        if (declaredContentType != null) {
            metadata.put(DECLARED_CONTENT_TYPE, declaredContentType);
        }
        return metadata;
    }

    /** Read back from S3 (keys in lower case); empty if the object was not stored by ingest-api. */
    public static Optional<OriginalMetadata> from(Map<String, String> userMetadata) {
        if (userMetadata.get(IMAGE_ID) == null
                || userMetadata.get(CUSTOMER_ID) == null
                || userMetadata.get(FORMAT) == null
                || userMetadata.get(SHA256) == null) {
            return Optional.empty();
        }
        Source source;
        try {
            source = Source.valueOf(userMetadata.getOrDefault(SOURCE, Source.UPLOAD.name()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.of(new OriginalMetadata(
                userMetadata.get(IMAGE_ID),
                userMetadata.get(CUSTOMER_ID),
                userMetadata.get(FORMAT),
                source,
                userMetadata.get(SHA256),
                userMetadata.get(DECLARED_CONTENT_TYPE)));
    }
}
