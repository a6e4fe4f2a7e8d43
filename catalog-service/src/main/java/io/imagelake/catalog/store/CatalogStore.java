package io.imagelake.catalog.store;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.imagelake.catalog.CatalogProperties;
import io.imagelake.contracts.CatalogColumns;
import java.util.Optional;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The catalog's MongoDB collections. */
@Component
public class CatalogStore {

    private final MongoCollection<Document> images;
    private final MongoCollection<Document> trinoSchema;
    private final MongoCollection<Document> counters;
    private final MongoCollection<Document> audit;
    private final MongoCollection<Document> datasets;
    private final MongoCollection<Document> locks;
    private final MongoCollection<Document> integrityReports;
    private final MongoCollection<Document> webhooks;
    private final MongoCollection<Document> webhookDeliveries;

    public CatalogStore(MongoClient client, CatalogProperties properties, @Value("${lake.mongo.uri}") String mongoUri) {
        String database = !properties.database().isBlank()
                ? properties.database()
                : Optional.ofNullable(new ConnectionString(mongoUri).getDatabase())
                        .orElse(properties.defaultDatabase());
        var db = client.getDatabase(database);
        this.images = db.getCollection(CatalogColumns.COLLECTION);
        this.trinoSchema = db.getCollection("_schema");
        this.counters = db.getCollection("counters");
        this.audit = db.getCollection("audit");
        this.datasets = db.getCollection("datasets");
        this.locks = db.getCollection("shedLock");
        this.integrityReports = db.getCollection("integrity_reports");
        this.webhooks = db.getCollection("webhooks");
        this.webhookDeliveries = db.getCollection("webhook_deliveries");
    }

    public MongoCollection<Document> images() {
        return images;
    }

    /**
     * The tenant's image, unless it is another tenant's or erased (all three answer the same 404).
     * Read by id alone, which every Mongo server answers from the index; tenant and tombstone are
     * checked here.
     */
    public Optional<Document> liveImage(String tenant, String imageId) {
        Document doc = images.find(Filters.eq(CatalogColumns.ID, imageId)).first();
        boolean visible =
                doc != null && tenant.equals(doc.getString(CatalogColumns.CUSTOMER_ID)) && !ImageDocument.isErased(doc);
        return visible ? Optional.of(doc) : Optional.empty();
    }

    /** Trino's MongoDB connector reads a table's columns from here. */
    public MongoCollection<Document> trinoSchema() {
        return trinoSchema;
    }

    /** Who changed what, when. */
    public MongoCollection<Document> audit() {
        return audit;
    }

    /** The scheduled jobs' locks across replicas (ShedLock's collection, by its default name). */
    public MongoCollection<Document> locks() {
        return locks;
    }

    /** The last integrity check's report, whichever replica made it (one document). */
    public MongoCollection<Document> integrityReports() {
        return integrityReports;
    }

    /** Dataset versions (one document each). */
    public MongoCollection<Document> datasets() {
        return datasets;
    }

    /** Tenants' webhooks (the webhooks package's). */
    public MongoCollection<Document> webhooks() {
        return webhooks;
    }

    /** Webhook deliveries: the outbox and the log tenants read (the webhooks package's). */
    public MongoCollection<Document> webhookDeliveries() {
        return webhookDeliveries;
    }

    /** Sequence counters (the feeds' positions). */
    public MongoCollection<Document> counters() {
        return counters;
    }

    /** Indexes the reads need; created at startup, idempotently. */
    public void createIndexes() {
        images.createIndex(
                Indexes.ascending(CatalogColumns.CUSTOMER_ID, CatalogColumns.CREATED_AT),
                new IndexOptions().name("tenant_created"));
        images.createIndex(
                Indexes.ascending(CatalogColumns.CUSTOMER_ID, CatalogColumns.STATUS),
                new IndexOptions().name("tenant_status"));
        // the marts' refresh reads the documents changed since its watermark
        images.createIndex(Indexes.ascending(CatalogColumns.CHANGED_AT), new IndexOptions().name("changed_at"));
        for (FeedZone zone : FeedZone.values()) {
            // unique: each number goes to one image; sparse: images not in the zone have none.
            // The feed reads it by exact numbers, which the embedded server answers from the index.
            images.createIndex(
                    Indexes.ascending(ImageDocument.feedSeq(zone)),
                    new IndexOptions()
                            .name(ImageDocument.feedSeq(zone))
                            .unique(true)
                            .sparse(true));
        }
        datasets.createIndex(
                Indexes.ascending(CatalogColumns.CUSTOMER_ID, "name", "version"),
                new IndexOptions().name("tenant_name_version").unique(true));
        datasets.createIndex(Indexes.ascending("state", "heartbeat"), new IndexOptions().name("state_heartbeat"));
        // the webhooks package's: a tenant's webhooks per event, the due deliveries, a webhook's log
        webhooks.createIndex(Indexes.ascending(CatalogColumns.CUSTOMER_ID), new IndexOptions().name("tenant"));
        webhookDeliveries.createIndex(
                Indexes.ascending("state", "next_attempt_at"), new IndexOptions().name("state_next_attempt"));
        webhookDeliveries.createIndex(
                Indexes.ascending("webhook_id", "created_at"), new IndexOptions().name("webhook_created"));
    }
}
