package io.imagelake.normalizer.curation;

import io.imagelake.contracts.ObjectKeys;
import io.imagelake.contracts.Zone;
import io.imagelake.normalizer.features.CropSignature;
import io.imagelake.support.storage.ConditionalWrites;
import io.imagelake.support.storage.StorageProperties;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Cropped copies within a tenant (see {@link CropSignature}): a new image's few hundred probes
 * against every earlier image's centre hash. Too many lookups for the object store's listings, so
 * each instance holds the tenant's centre hashes in memory (multi-index hashing, as
 * {@link NearDuplicateIndex}: 8 bytes and an id per image) and the object store holds the entries
 * ({@code _crop/<tenant>/<minute>/<hash>_<imageId>}, empty; the centre's grey patch is image content
 * and lives beside the silver rendition, {@link ObjectKeys#cropCentre}, erased with it), which makes
 * the index survive restarts and be shared: an instance lists a tenant's entries on first use, then
 * every {@code sync-interval} only the last few minutes' folders, so what another instance added is
 * seen within about that interval. Candidates are checked earliest first by the patch correlation.
 */
@Component
public class CropDuplicateIndex {

    private static final String ROOT = "_crop/";

    private final MinioClient client;
    private final ConditionalWrites objects;
    private final StorageProperties storage;
    private final DedupeProperties.Crops properties;
    private final Clock clock;
    private final Map<String, TenantCentres> tenants = new ConcurrentHashMap<>();

    public CropDuplicateIndex(
            MinioClient client,
            ConditionalWrites objects,
            StorageProperties storage,
            DedupeProperties properties,
            Clock clock) {
        this.client = client;
        this.objects = objects;
        this.storage = storage;
        this.properties = properties.crops();
        this.clock = clock;
    }

    /** An earlier image the new one is a crop of (or the uncropped original of), and how sure. */
    public record Match(String imageId, int distance, double correlation) {}

    /**
     * The earliest other image of the tenant that this one matches up to a crop, if any; for an image
     * indexed already (being reprocessed), only among those indexed before it.
     */
    public Optional<Match> nearestEarlier(String tenant, String imageId, CropSignature signature) throws Exception {
        List<CropSignature.Probe> probes = signature.probes();
        Map<Entry, List<CropSignature.Probe>> candidates =
                tenant(tenant).candidates(imageId, probes, properties.maxDistance());
        List<Entry> earliestFirst = candidates.keySet().stream()
                .sorted(EARLIEST_FIRST)
                .limit(properties.maxCandidates())
                .toList();
        for (Entry candidate : earliestFirst) {
            Optional<byte[]> centre = objects.read(bucket(), ObjectKeys.cropCentre(tenant, candidate.imageId()));
            if (centre.isEmpty()) {
                continue; // erased, or its silver zone swept: no longer a picture to be a duplicate of
            }
            for (CropSignature.Probe probe : candidates.get(candidate)) {
                double correlation = signature.correlation(probe, centre.get());
                if (correlation >= properties.minCorrelation()) {
                    return Optional.of(new Match(
                            candidate.imageId(), Long.bitCount(probe.hash() ^ candidate.hash()), correlation));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Adds the image's centre. Idempotent: the patch is (re)written with the silver rendition it sits
     * beside — a reprocessing after the silver sweep brings both back — and an image already indexed
     * keeps its entry and with it its place in time.
     */
    public void add(String tenant, String imageId, CropSignature.Centre centre) throws Exception {
        TenantCentres centres = tenant(tenant);
        // the patch before the entry: an entry never names a patch that was not written
        objects.put(bucket(), ObjectKeys.cropCentre(tenant, imageId), centre.patch(), "application/octet-stream");
        if (centres.knows(imageId)) {
            return;
        }
        Instant now = clock.instant();
        String name = new IndexEntries.Name(String.format("%016x", centre.hash()), imageId).text();
        objects.put(bucket(), folder(tenant, minute(now)) + name, new byte[0], "application/octet-stream");
        centres.remember(new Entry(imageId, centre.hash(), now));
    }

    private TenantCentres tenant(String tenant) throws Exception {
        TenantCentres centres = tenants.computeIfAbsent(tenant, t -> new TenantCentres(properties.maxDistance() + 1));
        centres.sync(tenant);
        return centres;
    }

    private record Entry(String imageId, long hash, Instant at) {}

    private static final Comparator<Entry> EARLIEST_FIRST =
            (a, b) -> IndexEntries.compare(a.at(), a.imageId(), b.at(), b.imageId());

    /** One tenant's centres in memory, and how far this instance has listed the object store. */
    private final class TenantCentres {

        private final int bands;
        private final Map<String, Entry> byImage = new HashMap<>();
        private final List<Map<Long, List<Entry>>> byBand = new ArrayList<>();
        private Instant lastSync;
        private long listedMinute;

        TenantCentres(int bands) {
            this.bands = bands;
            for (int band = 0; band < bands; band++) {
                byBand.add(new HashMap<>());
            }
        }

        synchronized boolean knows(String imageId) {
            return byImage.containsKey(imageId);
        }

        synchronized void remember(Entry entry) {
            if (byImage.putIfAbsent(entry.imageId(), entry) == null) {
                for (int band = 0; band < bands; band++) {
                    byBand.get(band)
                            .computeIfAbsent(
                                    NearDuplicateIndex.bandValue(entry.hash(), band, bands), v -> new ArrayList<>())
                            .add(entry);
                }
            }
        }

        synchronized Map<Entry, List<CropSignature.Probe>> candidates(
                String imageId, List<CropSignature.Probe> probes, int maxDistance) {
            Entry own = byImage.get(imageId);
            Map<Entry, List<CropSignature.Probe>> candidates = new LinkedHashMap<>();
            for (CropSignature.Probe probe : probes) {
                for (int band = 0; band < bands; band++) {
                    for (Entry entry : byBand.get(band)
                            .getOrDefault(NearDuplicateIndex.bandValue(probe.hash(), band, bands), List.of())) {
                        if (!entry.imageId().equals(imageId)
                                && (own == null || EARLIEST_FIRST.compare(entry, own) < 0)
                                && Long.bitCount(entry.hash() ^ probe.hash()) <= maxDistance) {
                            List<CropSignature.Probe> matching =
                                    candidates.computeIfAbsent(entry, e -> new ArrayList<>());
                            if (!matching.contains(probe)) {
                                matching.add(probe);
                            }
                        }
                    }
                }
            }
            return candidates;
        }

        /** All of the tenant's entries the first time; afterwards the folders of the last minutes. */
        synchronized void sync(String tenant) throws Exception {
            Instant now = clock.instant();
            Duration since = lastSync == null ? null : Duration.between(lastSync, now);
            // first use, or idle so long that the minute folders since would be more listings than one pass
            if (since == null || since.compareTo(properties.fullListingAfter()) >= 0) {
                list(ROOT + tenant + "/");
            } else if (since.compareTo(properties.syncInterval()) >= 0) {
                long from = listedMinute - properties.clockSkew().toMinutes() - 1;
                for (long m = from; m <= minute(now); m++) {
                    list(folder(tenant, m));
                }
            } else {
                return;
            }
            lastSync = now;
            listedMinute = minute(now);
        }

        private void list(String prefix) throws Exception {
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder()
                    .bucket(bucket())
                    .prefix(prefix)
                    .recursive(true)
                    .build())) {
                Item item = result.get();
                IndexEntries.Name name = IndexEntries.Name.parse(item.objectName());
                if (name != null && !byImage.containsKey(name.imageId())) {
                    remember(new Entry(
                            name.imageId(),
                            Long.parseUnsignedLong(name.hash(), 16),
                            item.lastModified().toInstant()));
                }
            }
        }
    }

    private static long minute(Instant at) {
        return at.getEpochSecond() / 60;
    }

    private static String folder(String tenant, long minute) {
        // fixed width, so the folders list in time order
        return ROOT + tenant + "/" + String.format("%010d", minute) + "/";
    }

    private String bucket() {
        return storage.buckets().of(Zone.SILVER);
    }
}
