package io.imagelake.catalog.images;

import io.imagelake.catalog.CatalogProperties;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MinioClient;
import io.minio.http.Method;
import org.springframework.stereotype.Component;

/** Short-lived GET URLs for zone objects (TTL {@code lake.catalog.presign-ttl}). */
@Component
public class Presigner {

    private final MinioClient client;
    private final CatalogProperties properties;

    public Presigner(MinioClient client, CatalogProperties properties) {
        this.client = client;
        this.properties = properties;
    }

    public String get(String bucket, String key) {
        try {
            return client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                    .method(Method.GET)
                    .bucket(bucket)
                    .object(key)
                    .expiry((int) properties.presignTtl().toSeconds())
                    .build());
        } catch (Exception e) {
            // signing is local (fixed region); a failure here is a bug, not an outage
            throw new IllegalStateException("cannot presign " + bucket + "/" + key, e);
        }
    }
}
