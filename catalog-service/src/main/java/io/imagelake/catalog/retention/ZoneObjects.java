package io.imagelake.catalog.retention;

import io.imagelake.catalog.store.ImageDocument;
import io.imagelake.contracts.CatalogColumns;
import io.imagelake.contracts.ObjectKeys;
import io.imagelake.contracts.ObjectRef;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.RemoveObjectsArgs;
import io.minio.Result;
import io.minio.messages.DeleteError;
import io.minio.messages.DeleteObject;
import io.minio.messages.Item;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
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
        delete(new ObjectRef(zone.getString("bucket"), zone.getString("key")));
    }

    /** Deletes an object; deleting a missing object succeeds. */
    public void delete(ObjectRef object) throws Exception {
        client.removeObject(RemoveObjectArgs.builder()
                .bucket(object.bucket())
                .object(object.key())
                .build());
    }

    /**
     * Deletes every object under {@code prefix} (e.g. all pipeline versions' renditions of an image);
     * returns how many there were.
     */
    public int deletePrefix(String bucket, String prefix) throws Exception {
        List<DeleteObject> found = new ArrayList<>();
        for (Result<Item> item : client.listObjects(ListObjectsArgs.builder()
                .bucket(bucket)
                .prefix(prefix)
                .recursive(true)
                .build())) {
            found.add(new DeleteObject(item.get().objectName()));
        }
        for (Result<DeleteError> error : client.removeObjects(
                RemoveObjectsArgs.builder().bucket(bucket).objects(found).build())) {
            DeleteError failed = error.get();
            throw new IllegalStateException(
                    "cannot delete " + bucket + "/" + failed.objectName() + ": " + failed.message());
        }
        return found.size();
    }

    /** Deletes a zone of an image, with what the normalizer keeps beside its silver rendition. */
    public void deleteZone(Document image, String zone) throws Exception {
        Document entry = ImageDocument.zoneOf(image, zone);
        delete(entry);
        if ("silver".equals(zone)) {
            for (ObjectRef beside : besideSilver(
                    entry.getString(ImageDocument.BUCKET),
                    image.getString(CatalogColumns.CUSTOMER_ID),
                    image.getString(CatalogColumns.ID),
                    image.getString(CatalogColumns.PIPELINE_VERSION))) {
                delete(beside);
            }
        }
    }

    /**
     * What lives beside an image's silver rendition and goes with it: the thumbnail of its pipeline
     * version (when known) and the crop-dedupe centre patch.
     */
    static List<ObjectRef> besideSilver(String bucket, String tenant, String imageId, @Nullable String version) {
        ObjectRef cropCentre = new ObjectRef(bucket, ObjectKeys.cropCentre(tenant, imageId));
        return version == null
                ? List.of(cropCentre)
                : List.of(new ObjectRef(bucket, ObjectKeys.silverThumbnail(tenant, imageId, version)), cropCentre);
    }
}
