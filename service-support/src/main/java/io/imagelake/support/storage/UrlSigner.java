package io.imagelake.support.storage;

import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MinioClient;
import io.minio.http.Method;
import java.time.Duration;

/**
 * Presigns object URLs for clients, naming {@code lake.storage.public-endpoint} when it is set: a
 * client of its own for that address, since a presigned URL's signature covers the host it names.
 * Signing is local (the region is fixed), so no request leaves for the public address.
 */
public final class UrlSigner {

    private final MinioClient client;

    public UrlSigner(MinioClient client) {
        this.client = client;
    }

    /** A GET of {@code bucket/key} valid for {@code ttl}. */
    public String get(String bucket, String key, Duration ttl) {
        return sign(Method.GET, bucket, key, ttl);
    }

    /**
     * A PUT to {@code bucket/key} valid for {@code ttl}: a client's upload straight to the store. The signature covers
     * the address, not the body: whoever asked for it checks what arrived.
     */
    public String put(String bucket, String key, Duration ttl) {
        return sign(Method.PUT, bucket, key, ttl);
    }

    private String sign(Method method, String bucket, String key, Duration ttl) {
        try {
            return client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                    .method(method)
                    .bucket(bucket)
                    .object(key)
                    .expiry((int) ttl.toSeconds())
                    .build());
        } catch (Exception e) {
            // signing is local (fixed region); a failure here is a bug, not an outage
            throw new IllegalStateException("cannot presign " + method + " " + bucket + "/" + key, e);
        }
    }
}
