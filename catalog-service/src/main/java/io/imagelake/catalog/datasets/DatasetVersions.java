package io.imagelake.catalog.datasets;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.imagelake.catalog.feed.FeedSequencer;
import io.imagelake.catalog.images.ImageFilter;
import io.imagelake.catalog.store.AllOf;
import io.imagelake.catalog.store.CatalogStore;
import io.imagelake.catalog.store.FeedZone;
import io.imagelake.catalog.store.ImageDocument;
import io.imagelake.contracts.CatalogColumns;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

/**
 * Dataset versions in the {@code datasets} collection, one document each, and the marks they leave
 * on the images they hold ({@link ImageDocument#DATASET_REFS}, which retention respects). Ownership of a build is
 * a lease: the building instance renews {@code heartbeat}; a lease that lapses is taken over.
 */
@Component
public class DatasetVersions {

    private final MongoCollection<Document> versions;
    private final MongoCollection<Document> counters;
    private final MongoCollection<Document> images;

    public DatasetVersions(CatalogStore store) {
        this.versions = store.datasets();
        this.counters = store.counters();
        this.images = store.images();
    }

    public static String id(String tenant, String name, long version) {
        return tenant + "/" + name + "/v" + version;
    }

    /** The label an image carries while a version holds it. */
    public static String ref(Document version) {
        return version.getString("name") + "@v" + version.getLong("version");
    }

    /**
     * A new BUILDING version owned by {@code owner}, from a request whose filter and split are resolved. Its membership
     * is fixed now: gold images up to
     * the gold feed's current position, so a rebuild after a crash selects the same images.
     */
    public Document create(String tenant, DatasetRequest request, String owner) {
        SplitRatios split = request.split();
        long version = next("dataset:" + tenant + "/" + request.name());
        Document gold = counters.find(Filters.eq("_id", FeedSequencer.counterId(FeedZone.GOLD)))
                .first();
        long upTo = gold == null ? 0 : ((Number) gold.get("seq")).longValue();
        Date now = new Date();
        Document doc = new Document("_id", id(tenant, request.name(), version))
                .append(CatalogColumns.CUSTOMER_ID, tenant)
                .append("name", request.name())
                .append("version", version)
                .append("state", DatasetState.BUILDING.name())
                .append("filter", filterDocument(request))
                .append(
                        "split",
                        new Document("train", split.train())
                                .append("validation", split.validation())
                                .append("test", split.test()))
                .append("up_to_gold_seq", upTo)
                .append("created_at", now)
                .append("owner", owner)
                .append("heartbeat", now)
                .append("attempts", 1);
        versions.insertOne(doc);
        return doc;
    }

    private static Document filterDocument(DatasetRequest request) {
        Document filter = new Document();
        if (request.filter() != null) {
            var f = request.filter();
            putIfSet(filter, "status", f.status());
            putIfSet(filter, "zone", f.zone());
            putIfSet(filter, "from", f.from());
            putIfSet(filter, "to", f.to());
            putIfSet(filter, "tag", f.tag());
            putIfSet(filter, "q", f.q());
            putIfSet(filter, "language", f.language());
        }
        return filter;
    }

    private static void putIfSet(Document doc, String key, String value) {
        if (value != null) {
            doc.append(key, value);
        }
    }

    public static ImageFilter filterOf(Document version) {
        Document f = version.get("filter", Document.class);
        return new ImageFilter(
                f.getString("status"),
                f.getString("zone"),
                f.getString("from"),
                f.getString("to"),
                f.getString("tag"),
                f.getString("q"),
                f.getString("language"));
    }

    public static SplitRatios splitOf(Document version) {
        Document s = version.get("split", Document.class);
        return new SplitRatios(s.getDouble("train"), s.getDouble("validation"), s.getDouble("test"));
    }

    public Optional<Document> find(String tenant, String name, long version) {
        return Optional.ofNullable(versions.find(AllOf.of(
                        Filters.eq("_id", id(tenant, name, version)), Filters.eq(CatalogColumns.CUSTOMER_ID, tenant)))
                .first());
    }

    public Optional<Document> byId(String id) {
        return Optional.ofNullable(versions.find(Filters.eq("_id", id)).first());
    }

    /** The tenant's versions (of one dataset, or all when {@code name} is null), by name then version. */
    public List<Document> list(String tenant, String name) {
        Bson filter = name == null
                ? Filters.eq(CatalogColumns.CUSTOMER_ID, tenant)
                : AllOf.of(Filters.eq(CatalogColumns.CUSTOMER_ID, tenant), Filters.eq("name", name));
        return versions.find(filter).sort(Sorts.ascending("name", "version")).into(new ArrayList<>());
    }

    /** Renews the lease; false if another instance took the build over (this one must stop). */
    public boolean renew(String id, String owner) {
        return versions.updateOne(
                                AllOf.of(
                                        Filters.eq("_id", id),
                                        Filters.eq("owner", owner),
                                        Filters.eq("state", DatasetState.BUILDING.name())),
                                Updates.set("heartbeat", new Date()))
                        .getModifiedCount()
                > 0;
    }

    /** Takes over one BUILDING version whose lease lapsed, if any. */
    public Optional<Document> claimStale(String owner, Duration staleAfter, Instant now) {
        return Optional.ofNullable(versions.findOneAndUpdate(
                AllOf.of(
                        Filters.eq("state", DatasetState.BUILDING.name()),
                        Filters.lt("heartbeat", Date.from(now.minus(staleAfter)))),
                Updates.combine(
                        Updates.set("owner", owner),
                        Updates.set("heartbeat", Date.from(now)),
                        Updates.inc("attempts", 1)),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)));
    }

    /** Holds images back from retention while the version exists (set before their objects are read). */
    public void hold(Document version, List<String> imageIds) {
        images.updateMany(
                Filters.in(CatalogColumns.ID, imageIds),
                Updates.combine(
                        Updates.addToSet(ImageDocument.DATASET_REFS, ref(version)),
                        ImageDocument.changedAt(Instant.now())));
    }

    public void release(Document version) {
        images.updateMany(
                AllOf.of(
                        Filters.eq(CatalogColumns.CUSTOMER_ID, version.getString(CatalogColumns.CUSTOMER_ID)),
                        Filters.eq(ImageDocument.DATASET_REFS, ref(version))),
                Updates.combine(
                        Updates.pull(ImageDocument.DATASET_REFS, ref(version)),
                        ImageDocument.changedAt(Instant.now())));
    }

    /** The version's gold images after {@code afterSeq} in gold-feed order (a keyset page). */
    public List<Document> members(Document version, long afterSeq, int limit) {
        String seq = ImageDocument.feedSeq(FeedZone.GOLD);
        return images.find(AllOf.of(
                        filterOf(version).toBson(version.getString(CatalogColumns.CUSTOMER_ID)),
                        Filters.exists(ImageDocument.zone("gold")),
                        Filters.gt(seq, afterSeq),
                        Filters.lte(seq, version.getLong("up_to_gold_seq"))))
                .sort(Sorts.ascending(seq))
                .limit(limit)
                .into(new ArrayList<>());
    }

    /** Publishes a built version, unless another instance owns it now. */
    public boolean publish(String id, String owner, Document facts) {
        Document set = new Document(facts)
                .append("state", DatasetState.PUBLISHED.name())
                .append("published_at", new Date());
        return versions.updateOne(
                                AllOf.of(
                                        Filters.eq("_id", id),
                                        Filters.eq("owner", owner),
                                        Filters.eq("state", DatasetState.BUILDING.name())),
                                new Document("$set", set))
                        .getModifiedCount()
                > 0;
    }

    public void fail(String id, String error) {
        versions.updateOne(
                AllOf.of(Filters.eq("_id", id), Filters.eq("state", DatasetState.BUILDING.name())),
                Updates.combine(Updates.set("state", DatasetState.FAILED.name()), Updates.set("error", error)));
    }

    /** Marks a published or failed version deleted; false if it is still building or already gone. */
    public boolean markDeleted(String id) {
        return versions.updateOne(
                                AllOf.of(
                                        Filters.eq("_id", id),
                                        Filters.in("state", DatasetState.PUBLISHED.name(), DatasetState.FAILED.name())),
                                Updates.combine(
                                        Updates.set("state", DatasetState.DELETED.name()),
                                        Updates.set("deleted_at", new Date())))
                        .getModifiedCount()
                > 0;
    }

    private long next(String counter) {
        Document doc = counters.findOneAndUpdate(
                Filters.eq("_id", counter),
                Updates.inc("seq", 1L),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        return ((Number) doc.get("seq")).longValue();
    }
}
