package io.imagelake.catalog.retention;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import io.imagelake.catalog.audit.AuditLog;
import io.imagelake.catalog.store.CatalogStore;
import io.imagelake.catalog.store.ImageDocument;
import io.imagelake.contracts.CatalogColumns;
import io.imagelake.contracts.ImageEvent;
import io.imagelake.contracts.ImageIngested;
import io.imagelake.contracts.ImageNormalized;
import io.imagelake.contracts.ImagePromoted;
import io.imagelake.contracts.ImageRejected;
import io.imagelake.contracts.ImageStatus;
import io.imagelake.contracts.ObjectKeys;
import io.imagelake.contracts.ObjectRef;
import io.imagelake.support.errors.NotFoundException;
import io.imagelake.support.storage.StorageProperties;
import io.imagelake.support.storage.StorageUnavailableException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * A tenant's erasure request: the image's objects in every zone are deleted and its document
 * becomes a tombstone (no caption, tags, features or attributes; status ERASED), which answers 404
 * everywhere and keeps late events from bringing the image back.
 */
@Component
public class ImageEraser {

    private final CatalogStore store;
    private final MongoCollection<Document> images;
    private final ZoneObjects objects;
    private final AuditLog audit;
    private final StorageProperties.Buckets buckets;

    public ImageEraser(CatalogStore store, ZoneObjects objects, AuditLog audit, StorageProperties storage) {
        this.store = store;
        this.images = store.images();
        this.objects = objects;
        this.audit = audit;
        this.buckets = storage.buckets();
    }

    /** {@code actor}: who asked (the credential, e.g. {@code key:<id>}), as the audit records it. */
    public void erase(String tenant, String imageId, String actor) {
        Document doc = store.liveImage(tenant, imageId).orElseThrow(() -> new NotFoundException("image " + imageId));
        List<String> zones = new ArrayList<>();
        Document stored = doc.get(ImageDocument.ZONES, Document.class);
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
        // every pipeline version's renditions, not only the current one the catalog points at (reprocessing)
        int renditions;
        try {
            renditions = objects.deletePrefix(buckets.silver(), tenant + "/" + imageId + "/")
                    + objects.deletePrefix(buckets.gold(), tenant + "/images/" + imageId + "/");
        } catch (Exception e) {
            throw new StorageUnavailableException("cannot delete the renditions of " + imageId, e);
        }
        // what ingest-api remembers of the upload's Idempotency-Key (the bytes' SHA-256 and the receipt), if any
        try {
            objects.delete(new ObjectRef(buckets.bronze(), ObjectKeys.idempotencyRecord(tenant, imageId)));
        } catch (Exception e) {
            throw new StorageUnavailableException("cannot delete the idempotency record of " + imageId, e);
        }
        Date now = new Date();
        images.updateOne(
                Filters.eq(CatalogColumns.ID, imageId),
                Updates.combine(
                        Updates.set(ImageDocument.ERASED_AT, now),
                        ImageDocument.changedAt(now.toInstant()),
                        Updates.set(CatalogColumns.STATUS, ImageStatus.ERASED.name()),
                        Updates.set(ImageDocument.STATUS_RANK, ImageStatus.ERASED.rank()),
                        Updates.unset(ImageDocument.ZONES),
                        Updates.unset(ImageDocument.CAPTION),
                        Updates.unset(ImageDocument.CAPTION_ORIGINAL),
                        Updates.unset(CatalogColumns.TAGS),
                        Updates.unset(ImageDocument.FEATURES),
                        Updates.unset(ImageDocument.ATTRIBUTES),
                        Updates.unset(ImageDocument.DEVICE),
                        Updates.unset(ImageDocument.ORIGINAL),
                        Updates.push(
                                ImageDocument.LINEAGE,
                                new Document(ImageDocument.EVENT, "Erased")
                                        .append(ImageDocument.FROM, null)
                                        .append(ImageDocument.TO, null)
                                        .append(ImageDocument.AT, now))));
        // published versions are immutable and keep their copy; the audit names them for follow-up
        audit.record(
                actor,
                "image.erase",
                imageId,
                Map.of(
                        "tenant",
                        tenant,
                        "zones",
                        zones,
                        "renditionsDeleted",
                        renditions,
                        "datasetVersions",
                        doc.getList(ImageDocument.DATASET_REFS, String.class, List.of())));
    }

    /**
     * The objects a late event of an erased image stands for are deleted at once: what it names, the
     * silver thumbnail beside a rendition, and the crop-dedupe centre patch the normalizer writes
     * while it curates (before its verdict). True if the image is erased.
     */
    public boolean deleteIfErased(ImageEvent event) {
        Document image = images.find(Filters.eq(CatalogColumns.ID, event.imageId()))
                .projection(Projections.include(ImageDocument.ERASED_AT))
                .first();
        boolean erased = image != null && ImageDocument.isErased(image);
        if (erased) {
            try {
                for (ObjectRef late : lateObjects(event)) {
                    objects.delete(late);
                }
            } catch (Exception e) {
                throw new StorageUnavailableException(
                        "cannot delete a late object of erased image " + event.imageId(), e);
            }
        }
        return erased;
    }

    /**
     * What the event wrote, with what the normalizer keeps beside a silver rendition; the crop patch
     * is written while it curates, so a verdict may be the first late event to know of it.
     */
    private List<ObjectRef> lateObjects(ImageEvent event) {
        String tenant = event.customerId();
        String imageId = event.imageId();
        ObjectRef cropCentre = new ObjectRef(buckets.silver(), ObjectKeys.cropCentre(tenant, imageId));
        return switch (event) {
            case ImageIngested e -> List.of(e.bronze());
            case ImageNormalized e -> {
                List<ObjectRef> objects = new ArrayList<>(List.of(e.silver()));
                objects.addAll(ZoneObjects.besideSilver(e.silver().bucket(), tenant, imageId, e.pipelineVersion()));
                yield objects;
            }
            case ImagePromoted e -> List.of(e.gold(), cropCentre);
            case ImageRejected ignored -> List.of(cropCentre);
        };
    }
}
