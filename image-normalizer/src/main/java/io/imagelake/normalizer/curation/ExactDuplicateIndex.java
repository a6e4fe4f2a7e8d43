package io.imagelake.normalizer.curation;

import io.imagelake.contracts.Zone;
import io.imagelake.support.storage.ConditionalWrites;
import io.imagelake.support.storage.StorageProperties;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Exact duplicates within a tenant, by SHA-256 of the original. The first image to claim a hash
 * (a conditional create of {@code _dedupe/<tenant>/<sha256>} in the silver bucket) wins; it holds
 * across restarts and normalizer instances. Its own redelivery is not a duplicate of itself, and
 * an erased first is no first ({@link ErasedImages}).
 */
@Component
public class ExactDuplicateIndex {

    private final ConditionalWrites writes;
    private final StorageProperties storage;
    private final ErasedImages erased;

    public ExactDuplicateIndex(ConditionalWrites writes, StorageProperties storage, ErasedImages erased) {
        this.writes = writes;
        this.storage = storage;
        this.erased = erased;
    }

    /** The image this one duplicates, if another image of the tenant had the same bytes first. */
    public Optional<String> duplicateOf(String tenant, String sha256, String imageId) throws Exception {
        String bucket = storage.buckets().of(Zone.SILVER);
        String key = "_dedupe/" + tenant + "/" + sha256;
        if (writes.createIfAbsent(bucket, key, imageId.getBytes(StandardCharsets.UTF_8), "text/plain")) {
            return Optional.empty();
        }
        String first = writes.read(bucket, key)
                .map(b -> new String(b, StandardCharsets.UTF_8))
                .orElse(imageId);
        if (first.equals(imageId)) {
            return Optional.empty();
        }
        if (erased.isGone(tenant, first, "exact")) {
            // the first is erased: this image is now the first of these bytes
            writes.put(bucket, key, imageId.getBytes(StandardCharsets.UTF_8), "text/plain");
            return Optional.empty();
        }
        return Optional.of(first);
    }
}
