package io.imagelake.catalog.retention;

import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import org.bson.Document;
import org.springframework.stereotype.Component;

/** Deletes zone objects of the catalog's images (sweeps and erasures: the catalog's part of storage). */
@Component
public class ZoneObjects {

    private final MinioClient client;

    public ZoneObjects(MinioClient client) {
        this.client = client;
    }

    /** Deletes the object a catalog zone entry points at; deleting a missing object succeeds. */
    public void delete(Document zone) throws Exception {
        client.removeObject(RemoveObjectArgs.builder().bucket(zone.getString("bucket")).object(zone.getString("key")).build());
    }
}
