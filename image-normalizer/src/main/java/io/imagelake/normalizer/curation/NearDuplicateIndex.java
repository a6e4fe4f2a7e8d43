package io.imagelake.normalizer.curation;

import io.imagelake.contracts.Zone;
import io.imagelake.normalizer.features.ImageFeatures;
import io.imagelake.support.storage.ConditionalWrites;
import io.imagelake.support.storage.StorageProperties;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Near-duplicates within a tenant: perceptual hashes at Hamming distance ≤ k. Multi-index hashing:
 * the 64 bits are cut into k + 1 bands, and two hashes within distance k agree exactly on at least
 * one band (pigeonhole), so a lookup lists k + 1 exact-band prefixes instead of scanning every
 * image. Entries live in the silver bucket ({@code _phash/<tenant>/<band>/<value>/<phash>_<imageId>}),
 * so the index survives restarts and is shared by every normalizer instance; the hash is in the
 * entry's name, so a lookup needs no reads. The earliest entry wins.
 *
 * <p>Instances check concurrently, so an image is indexed before it looks ({@link #indexAndFindEarlier}): of two
 * alike images checked at once on two instances, each then sees the other's entry, and the order of entries
 * (time, then image id) makes exactly one of them the duplicate. Looking first, both could find nothing and both
 * be promoted. An entry is written only if absent, so that reprocessing keeps an image's first place.
 */
@Component
public class NearDuplicateIndex {

    private final MinioClient client;
    private final StorageProperties storage;
    private final DedupeProperties properties;
    private final ErasedImages erased;
    private final ConditionalWrites objects;

    public NearDuplicateIndex(
            MinioClient client,
            ConditionalWrites objects,
            StorageProperties storage,
            DedupeProperties properties,
            ErasedImages erased) {
        this.client = client;
        this.objects = objects;
        this.storage = storage;
        this.properties = properties;
        this.erased = erased;
    }

    /**
     * The earliest other image of the tenant within distance k of {@code phash}, if any. An image
     * indexed already (being reprocessed) is only compared with those indexed before it, so a later
     * copy never makes the original its duplicate.
     */
    public Optional<String> nearestEarlier(String tenant, String imageId, String phash) throws Exception {
        Map<String, Instant> candidates = new HashMap<>();
        Instant own = null;
        long bits = Long.parseUnsignedLong(phash, 16);
        int bands = properties.maxDistance() + 1;
        for (int band = 0; band < bands; band++) {
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder()
                    .bucket(bucket())
                    .prefix(prefix(tenant, band, bandValue(bits, band, bands)))
                    .build())) {
                Item item = result.get();
                IndexEntries.Name other = IndexEntries.Name.parse(item.objectName());
                if (other == null) {
                    continue;
                }
                Instant indexedAt = item.lastModified().toInstant();
                if (other.imageId().equals(imageId)) {
                    own = own == null || indexedAt.isBefore(own) ? indexedAt : own;
                } else if (ImageFeatures.hammingDistance(phash, other.hash()) <= properties.maxDistance()) {
                    candidates.merge(other.imageId(), indexedAt, (a, b) -> a.isBefore(b) ? a : b);
                }
            }
        }
        Instant before = own;
        List<String> earliestFirst = candidates.entrySet().stream()
                .filter(c -> before == null || IndexEntries.compare(c.getValue(), c.getKey(), before, imageId) < 0)
                .sorted((a, b) -> IndexEntries.compare(a.getValue(), a.getKey(), b.getValue(), b.getKey()))
                .map(Map.Entry::getKey)
                .toList();
        for (String candidate : earliestFirst) {
            if (!erased.isGone(tenant, candidate, "whole-frame")) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Indexes the image, then returns the earliest other image of the tenant within distance k, if any. */
    public Optional<String> indexAndFindEarlier(String tenant, String imageId, String phash) throws Exception {
        add(tenant, imageId, phash);
        return nearestEarlier(tenant, imageId, phash);
    }

    /** Adds the image to the index; an entry that exists is kept, with its time (idempotent). */
    public void add(String tenant, String imageId, String phash) throws Exception {
        long bits = Long.parseUnsignedLong(phash, 16);
        int bands = properties.maxDistance() + 1;
        for (int band = 0; band < bands; band++) {
            objects.createIfAbsent(
                    bucket(),
                    prefix(tenant, band, bandValue(bits, band, bands)) + new IndexEntries.Name(phash, imageId).text(),
                    new byte[0],
                    "application/octet-stream");
        }
    }

    /** The bits of band {@code band} of {@code bands} near-equal slices of the 64-bit hash. */
    static long bandValue(long bits, int band, int bands) {
        int from = band * 64 / bands;
        int to = (band + 1) * 64 / bands;
        int width = to - from;
        long mask = width == 64 ? -1L : (1L << width) - 1;
        return (bits >>> (64 - to)) & mask;
    }

    private String prefix(String tenant, int band, long value) {
        return "_phash/" + tenant + "/" + band + "/" + Long.toHexString(value) + "/";
    }

    private String bucket() {
        return storage.buckets().of(Zone.SILVER);
    }
}
