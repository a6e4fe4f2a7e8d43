package io.imagelake.normalizer.curation;

import io.imagelake.contracts.ObjectKeys;
import io.imagelake.contracts.ObjectRef;
import io.imagelake.contracts.Zone;
import io.imagelake.support.storage.StorageProperties;
import io.minio.CopyObjectArgs;
import io.minio.CopySource;
import io.minio.MinioClient;
import org.springframework.stereotype.Component;

/** Curates a normalized image into gold: a server-side copy of its silver rendition. */
@Component
public class GoldPromoter {

    private final MinioClient client;
    private final StorageProperties storage;

    public GoldPromoter(MinioClient client, StorageProperties storage) {
        this.client = client;
        this.storage = storage;
    }

    public ObjectRef promote(String tenant, String imageId, String pipelineVersion, ObjectRef silver) throws Exception {
        String bucket = storage.buckets().of(Zone.GOLD);
        String key = ObjectKeys.gold(tenant, imageId, pipelineVersion);
        client.copyObject(CopyObjectArgs.builder()
                .bucket(bucket)
                .object(key)
                .source(CopySource.builder()
                        .bucket(silver.bucket())
                        .object(silver.key())
                        .build())
                .build());
        return new ObjectRef(bucket, key);
    }
}
