package io.imagelake.devstack.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 database with one planning rule of real MongoDB's: a query with an equality on
 * {@code _id} reads that one document by the {@code _id} index and matches the rest of the query against it.
 * The server picks an index only for a query naming exactly the index's fields, so every conditional update by
 * id ({@code {_id: x, applied_events: {$ne: e}}}) scanned the whole collection: 46 % of the server's CPU while
 * catalog-service projected (JFR, bench/catalog-throughput.sh), and slower the bigger the catalog. Its unique
 * indexes compare keys through {@link SerializedKeyOrder}.
 */
final class IdPlannedH2Database extends H2Database {

    private static final String ID = "_id";

    private final MVStore store;

    IdPlannedH2Database(String name, MVStore store, CursorRegistry cursors) {
        // before super(): it opens the existing collections, through openOrCreateCollection below (JDK 25, JEP 513)
        this.store = store;
        super(name, store, cursors);
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(
            String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
        // opened first under H2Database's name for it, the map is the one H2Database's openMap(name) returns: only
        // how its keys are compared differs, not their order or their format
        store.openMap(
                getFullCollectionNamespace(collectionName) + "._index_" + indexName,
                new MVMap.Builder<KeyValue, Object>().keyType(new SerializedKeyOrder()));
        return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        // the map names H2Database gives a collection, so a file written before this class opens unchanged
        String namespace = getFullCollectionNamespace(collectionName);
        MVMap<Object, Document> data = store.openMap("databases." + namespace);
        MVMap<String, Object> meta = store.openMap("meta." + namespace);
        return new IdPlannedCollection(this, collectionName, options, data, meta, cursorRegistry);
    }

    private static final class IdPlannedCollection extends H2Collection {

        IdPlannedCollection(
                IdPlannedH2Database database,
                String name,
                CollectionOptions options,
                MVMap<Object, Document> data,
                MVMap<String, Object> meta,
                CursorRegistry cursors) {
            super(database, name, options, data, meta, cursors);
        }

        @Override
        protected QueryResult queryDocuments(
                Document query, Document orderBy, int skip, int limit, int batchSize, Document projection) {
            if (query.size() > 1 && query.containsKey(ID)) {
                Document byId = new Document(ID, query.get(ID));
                for (Index<Object> index : getIndexes()) {
                    if (index.getName().equals("_id_") && index.canHandle(byId)) {
                        // the whole query is still matched against what the index found
                        return matchDocuments(
                                query, index.getPositions(byId), orderBy, skip, limit, batchSize, projection);
                    }
                }
            }
            return super.queryDocuments(query, orderBy, skip, limit, batchSize, projection);
        }
    }
}
