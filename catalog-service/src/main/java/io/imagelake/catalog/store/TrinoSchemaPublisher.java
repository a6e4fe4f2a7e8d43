package io.imagelake.catalog.store;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.imagelake.contracts.CatalogColumns;
import java.time.Clock;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps Trino's view of the catalog complete. Trino infers a collection's columns from ONE
 * document and then trusts {@code _schema}; we write the full column list ourselves so every field
 * analysts need is a column from the first image on, and fields added later appear too.
 */
@Component
public class TrinoSchemaPublisher {

    private static final Logger log = LoggerFactory.getLogger(TrinoSchemaPublisher.class);

    private final CatalogStore store;
    private final Clock clock;

    public TrinoSchemaPublisher(CatalogStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void publish() {
        try {
            store.createIndexes();
            store.trinoSchema()
                    .replaceOne(
                            Filters.eq("table", CatalogColumns.COLLECTION),
                            new Document(CatalogColumns.trinoSchemaDocument()),
                            new ReplaceOptions().upsert(true));
            // the dataset versions, which the marts' datasets table reads (Trino's rules show them to no analyst)
            store.trinoSchema()
                    .replaceOne(
                            Filters.eq("table", CatalogColumns.DATASETS),
                            new Document(CatalogColumns.trinoSchemaDocument(
                                    CatalogColumns.DATASETS, CatalogColumns.DATASET_SQL_COLUMNS)),
                            new ReplaceOptions().upsert(true));
            // documents written before every write stamped changed_at get it once, so the marts' next refresh reads
            // them
            long stamped = store.images()
                    .updateMany(
                            Filters.exists(CatalogColumns.CHANGED_AT, false), ImageDocument.changedAt(clock.instant()))
                    .getModifiedCount();
            if (stamped > 0) {
                log.info("stamped {} catalog documents with {} for the marts", stamped, CatalogColumns.CHANGED_AT);
            }
            log.info(
                    "published Trino schema of '{}' ({} columns)",
                    CatalogColumns.COLLECTION,
                    CatalogColumns.SQL_COLUMNS.size());
        } catch (RuntimeException e) {
            // Mongo not reachable yet: the service is unready (mongo health) and the next start retries
            log.warn("cannot publish the Trino schema yet: {}", e.toString());
        }
    }
}
