package io.imagelake.normalizer.curation;

import io.imagelake.contracts.Zone;
import io.imagelake.support.storage.StorageProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import org.springframework.stereotype.Component;

/**
 * Whether an earlier image found by a duplicate index is still a picture to be a duplicate of. An
 * image keeps its renditions under {@code <tenant>/<imageId>/} in silver while it exists; the
 * catalog's erasure deletes all of them (and the retention sweep of silver would too). An index
 * entry of an image without any is stale: a re-upload of an erased picture must not become a
 * DUPLICATE of an image that answers 404. Asked only when an index matches, so it costs one listing
 * per match, nothing on the common path.
 */
@Component
public class ErasedImages {

    private final MinioClient client;
    private final StorageProperties storage;
    private final MeterRegistry meters;

    public ErasedImages(MinioClient client, StorageProperties storage, MeterRegistry meters) {
        this.client = client;
        this.storage = storage;
        this.meters = meters;
    }

    /** {@code index}: which index found it (exact, whole-frame), for {@code lake.normalizer.duplicates.stale}. */
    public boolean isGone(String tenant, String imageId, String index) throws Exception {
        var first = client.listObjects(ListObjectsArgs.builder()
                        .bucket(storage.buckets().of(Zone.SILVER))
                        .prefix(tenant + "/" + imageId + "/")
                        .maxKeys(1)
                        .build())
                .iterator();
        if (first.hasNext()) {
            first.next().get(); // a failed listing surfaces here, as an outage, never as "gone"
            return false;
        }
        meters.counter("lake.normalizer.duplicates.stale", "index", index).increment();
        return true;
    }
}
