package io.imagelake.catalog.retention;

import io.imagelake.contracts.CatalogColumns;
import io.imagelake.contracts.ObjectKeys;
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

    /**
     * Deletes a zone of an image; silver also holds the image's thumbnail and the crop-dedupe centre
     * patch beside the rendition.
     */
    public void deleteZone(Document image, String zone) throws Exception {
        Document entry = image.get("zones", Document.class).get(zone, Document.class);
        delete(entry);
        if ("silver".equals(zone)) {
            String tenant = image.getString(CatalogColumns.CUSTOMER_ID);
            String imageId = image.getString(CatalogColumns.ID);
            String version = image.getString("pipeline_version");
            if (version != null) {
                delete(new Document("bucket", entry.getString("bucket"))
                        .append("key", ObjectKeys.silverThumbnail(tenant, imageId, version)));
            }
            delete(new Document("bucket", entry.getString("bucket")).append("key", ObjectKeys.cropCentre(tenant, imageId)));
        }
    }
}
