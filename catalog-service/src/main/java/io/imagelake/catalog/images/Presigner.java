package io.imagelake.catalog.images;

import io.imagelake.catalog.CatalogProperties;
import io.imagelake.support.storage.UrlSigner;
import org.springframework.stereotype.Component;

/** Short-lived GET URLs for zone objects (TTL {@code lake.catalog.presign-ttl}), at the address clients reach. */
@Component
public class Presigner {

    private final UrlSigner signer;
    private final CatalogProperties properties;

    public Presigner(UrlSigner signer, CatalogProperties properties) {
        this.signer = signer;
        this.properties = properties;
    }

    public String get(String bucket, String key) {
        return signer.get(bucket, key, properties.presignTtl());
    }
}
