package io.imagelake.catalog.retention;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.imagelake.catalog.audit.AuditLog;
import io.imagelake.catalog.datasets.DatasetVersions;
import io.imagelake.catalog.store.CatalogStore;
import io.imagelake.contracts.CatalogColumns;
import io.imagelake.contracts.ImageStatus;
import io.imagelake.support.storage.StorageUnavailableException;
import io.imagelake.support.web.NotFoundException;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * A tenant's erasure request: the image's objects in every zone are deleted and its document
 * becomes a tombstone (no caption, tags, features or attributes; status ERASED), which answers 404
 * everywhere and keeps late events from bringing the image back.
 */
@Component
public class ImageEraser {

    public static final String ERASED_AT = "erased_at";

    private final CatalogStore store;
    private final MongoCollection<Document> images;
    private final ZoneObjects objects;
    private final AuditLog audit;

    public ImageEraser(CatalogStore store, ZoneObjects objects, AuditLog audit) {
        this.store = store;
        this.images = store.images();
        this.objects = objects;
        this.audit = audit;
    }

    public void erase(String tenant, String imageId) {
        Document doc = store.liveImage(tenant, imageId).orElseThrow(() -> new NotFoundException("image " + imageId));
        List<String> zones = new ArrayList<>();
        Document stored = doc.get("zones", Document.class);
        if (stored != null) {
            for (String zone : stored.keySet()) {
                try {
                    objects.deleteZone(doc, zone);
                } catch (Exception e) {
                    throw new StorageUnavailableException("cannot delete the " + zone + " object of " + imageId, e);
                }
                zones.add(zone);
            }
        }
        Date now = new Date();
        images.updateOne(Filters.eq(CatalogColumns.ID, imageId), Updates.combine(
                Updates.set(ERASED_AT, now),
                Updates.set(CatalogColumns.STATUS, ImageStatus.ERASED.name()),
                Updates.set("status_rank", ImageStatus.ERASED.rank()),
                Updates.unset("zones"), Updates.unset("caption"), Updates.unset("caption_original"),
                Updates.unset(CatalogColumns.TAGS), Updates.unset("features"), Updates.unset("attributes"),
                Updates.unset("device"), Updates.unset("original"),
                Updates.push("lineage", new Document("event", "Erased").append("from", null).append("to", null).append("at", now))));
        // published versions are immutable and keep their copy; the audit names them for follow-up
        audit.record(tenant, "image.erase", imageId, Map.of("zones", zones,
                "datasetVersions", doc.getList(DatasetVersions.REFS, String.class, List.of())));
    }

    /** An object written for an image after its erasure (a late event) is deleted at once. */
    public boolean deleteIfErased(String imageId, Document zone) {
        Document image = images.find(Filters.eq(CatalogColumns.ID, imageId))
                .projection(com.mongodb.client.model.Projections.include(ERASED_AT)).first();
        boolean erased = image != null && image.containsKey(ERASED_AT);
        if (erased) {
            try {
                objects.delete(zone);
            } catch (Exception e) {
                throw new StorageUnavailableException("cannot delete a late object of erased image " + imageId, e);
            }
        }
        return erased;
    }
}
