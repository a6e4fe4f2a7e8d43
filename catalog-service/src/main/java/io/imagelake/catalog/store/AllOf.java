package io.imagelake.catalog.store;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.model.Filters;
import org.bson.BsonDocument;
import org.bson.conversions.Bson;

/**
 * A conjunction of filters as one flat document ({@code {_id: x, a: {$ne: y}}}) instead of the
 * driver's {@code {$and: [...]}}. Both mean the same to MongoDB, but the embedded server picks an
 * index only for a flat query naming the index's fields: with {@code $and} every update by id
 * scanned the whole collection. Falls back to {@code $and} when two filters name the same field.
 */
public final class AllOf {

    private AllOf() {
    }

    public static Bson of(Bson... filters) {
        BsonDocument flat = new BsonDocument();
        for (Bson filter : filters) {
            BsonDocument rendered = filter.toBsonDocument(BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry());
            for (var entry : rendered.entrySet()) {
                if (flat.containsKey(entry.getKey())) {
                    return Filters.and(filters);
                }
                flat.put(entry.getKey(), entry.getValue());
            }
        }
        return flat;
    }

    public static Bson of(java.util.List<Bson> filters) {
        return of(filters.toArray(Bson[]::new));
    }
}
